-- Record a batch copied straight into its readings table (every row was new).
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
VALUES (%(collector)s, %(kind)s, %(ts_min)s, %(ts_max)s, %(rows)s)
RETURNING id, kind, rows, ts_min, ts_max
