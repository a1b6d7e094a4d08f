-- Move the staged rows into cabinet_readings, skipping keys already stored; record the batch
-- and its rows per territory.
WITH inserted AS (
    INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh, active_power_w, voltage_v,
                                  power_factor)
    SELECT cabinet_id, ts, energy_kwh, active_power_w, voltage_v, power_factor
    FROM cabinet_staging
    ON CONFLICT DO NOTHING
    RETURNING cabinet_id, ts
), batch AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    SELECT %(collector)s, 'cabinet', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
    RETURNING id, kind, rows, ts_min, ts_max
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT b.id, t.territory_id, count(*), min(i.ts), max(i.ts)
    FROM batch b
    CROSS JOIN inserted i
    JOIN asset_territories t ON t.kind = 'cabinet' AND t.asset_id = i.cabinet_id
    GROUP BY b.id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batch
