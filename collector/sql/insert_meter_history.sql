-- Move staged imported rows into meter_readings, skipping keys already stored; the devices and
-- instants of the rows really inserted come back, to be recorded as ingest batches.
INSERT INTO meter_readings (meter_id, ts, value)
SELECT meter_id, ts, value FROM meter_staging
ON CONFLICT DO NOTHING
RETURNING meter_id, ts
