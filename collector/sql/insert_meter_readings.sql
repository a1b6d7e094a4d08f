-- Move the staged rows into meter_readings, skipping keys already stored; record the batch
-- and its rows per territory.
WITH inserted AS (
    INSERT INTO meter_readings (meter_id, ts, value)
    SELECT meter_id, ts, value FROM meter_staging
    ON CONFLICT DO NOTHING
    RETURNING meter_id, ts
), batch AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    SELECT %(collector)s, 'meter', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
    RETURNING id, kind, rows, ts_min, ts_max
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT b.id, t.territory_id, count(*), min(i.ts), max(i.ts)
    FROM batch b
    CROSS JOIN inserted i
    JOIN asset_territories t ON t.kind = 'meter' AND t.asset_id = i.meter_id
    GROUP BY b.id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batch
