-- Record the stretches of time an imported batch covers, one ingest batch each, and each
-- stretch's rows per territory: the territories of the rows' devices (asset_territories, 0163).
-- The stretches do not overlap: a row belongs to the one whose span holds its instant.
WITH batches AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    SELECT %(collector)s, %(kind)s, b.ts_min, b.ts_max, b.rows
    FROM unnest(%(ts_min)s::timestamptz[], %(ts_max)s::timestamptz[], %(rows)s::integer[])
        AS b(ts_min, ts_max, rows)
    RETURNING id, kind, rows, ts_min, ts_max
), assets AS (
    SELECT b.id AS batch_id, r.asset_id, count(*) AS rows, min(r.ts) AS ts_min,
           max(r.ts) AS ts_max
    FROM unnest(%(asset_ids)b::integer[], %(ts)b::timestamptz[]) AS r(asset_id, ts)
    JOIN batches b ON r.ts BETWEEN b.ts_min AND b.ts_max
    GROUP BY b.id, r.asset_id
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT a.batch_id, t.territory_id, sum(a.rows), min(a.ts_min), max(a.ts_max)
    FROM assets a
    JOIN asset_territories t ON t.kind = %(kind)s AND t.asset_id = a.asset_id
    GROUP BY a.batch_id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batches
