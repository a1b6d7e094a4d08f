-- An indicator's targets by date.
SELECT target_on, value FROM indicator_targets
WHERE indicator_id = %(indicator_id)s
ORDER BY target_on
