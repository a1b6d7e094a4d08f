-- Record a batch copied straight into its readings table (every row was new), and its rows per
-- territory: the territories of the rows' devices (asset_territories, 0163).
WITH batch AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    VALUES (%(collector)s, %(kind)s, %(ts_min)s, %(ts_max)s, %(rows)s)
    RETURNING id, kind, rows, ts_min, ts_max
), assets AS (
    SELECT r.asset_id, count(*) AS rows, min(r.ts) AS ts_min, max(r.ts) AS ts_max
    FROM unnest(%(asset_ids)s::integer[], %(ts)s::timestamptz[]) AS r(asset_id, ts)
    GROUP BY r.asset_id
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT b.id, t.territory_id, sum(a.rows), min(a.ts_min), max(a.ts_max)
    FROM batch b
    CROSS JOIN assets a
    JOIN asset_territories t ON t.kind = %(kind)s AND t.asset_id = a.asset_id
    GROUP BY b.id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batch
