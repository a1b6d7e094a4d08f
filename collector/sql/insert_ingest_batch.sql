-- Record a batch copied straight into its readings table (every row was new), and its rows per
-- territory: the territories of the rows' devices (asset_territories, 0163).
WITH batch AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    VALUES (%(collector)s, %(kind)s, %(ts_min)s, %(ts_max)s, %(rows)s)
    RETURNING id, kind, rows, ts_min, ts_max
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT b.id, t.territory_id, count(*), min(r.ts), max(r.ts)
    FROM batch b
    CROSS JOIN unnest(%(asset_ids)b::integer[], %(ts)b::timestamptz[]) AS r(asset_id, ts)
    JOIN asset_territories t ON t.kind = %(kind)s AND t.asset_id = r.asset_id
    GROUP BY b.id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batch
