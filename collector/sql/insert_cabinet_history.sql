-- Move staged imported rows into cabinet_readings, skipping keys already stored; the devices and
-- instants of the rows really inserted come back, to be recorded as ingest batches.
INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh, active_power_w, voltage_v, power_factor)
SELECT cabinet_id, ts, energy_kwh, active_power_w, voltage_v, power_factor
FROM cabinet_staging
ON CONFLICT DO NOTHING
RETURNING cabinet_id, ts
