-- Batches committed after a point in time, read back with a margin (ids are not commit order).
SELECT id, committed_at, kind, ts_min, ts_max
FROM ingest_batches
WHERE committed_at > %(after)s::timestamptz - %(margin)s::interval
ORDER BY committed_at, id
