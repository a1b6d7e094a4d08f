-- Pending and replayed dead letters per error kind.
SELECT error_kind, count(*) FILTER (WHERE replayed_at IS NULL) AS pending,
       count(*) FILTER (WHERE replayed_at IS NOT NULL) AS replayed
FROM dead_letters
GROUP BY error_kind
ORDER BY error_kind
