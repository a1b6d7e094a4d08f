-- Seconds since the last batch of readings was committed (null when none ever was).
SELECT extract(epoch FROM now() - max(committed_at))::float8 FROM ingest_batches
