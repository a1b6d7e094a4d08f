-- The newest batch committed whose readings are all older than a moment.
SELECT id, committed_at
FROM ingest_batches
WHERE ts_max < %(before)s
ORDER BY committed_at DESC, id DESC
LIMIT 1
