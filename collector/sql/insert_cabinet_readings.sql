-- Move the staged rows into cabinet_readings, skipping keys already stored; record the batch.
WITH inserted AS (
    INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh, active_power_w, voltage_v,
                                  power_factor)
    SELECT cabinet_id, ts, energy_kwh, active_power_w, voltage_v, power_factor
    FROM cabinet_staging
    ON CONFLICT DO NOTHING
    RETURNING ts
)
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
SELECT %(collector)s, 'cabinet', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
RETURNING id, kind, rows, ts_min, ts_max
