-- Batches committed since a moment (the cursor less a margin), oldest first.
SELECT id, kind, ts_min, ts_max, committed_at
FROM ingest_batches
WHERE committed_at > %(since)s
ORDER BY committed_at, id
LIMIT %(limit)s
