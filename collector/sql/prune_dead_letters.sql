-- Forget dead letters received before the cutoff, a bounded number at a time.
DELETE FROM dead_letters
WHERE id IN (
    SELECT id FROM dead_letters WHERE received_at < %(before)s ORDER BY received_at LIMIT %(limit)s
)
