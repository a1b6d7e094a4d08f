-- Record the stretches of time an imported batch covers, one ingest batch each.
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
SELECT %(collector)s, %(kind)s, b.ts_min, b.ts_max, b.rows
FROM unnest(%(ts_min)s::timestamptz[], %(ts_max)s::timestamptz[], %(rows)s::integer[])
    AS b(ts_min, ts_max, rows)
RETURNING id, kind, rows, ts_min, ts_max
