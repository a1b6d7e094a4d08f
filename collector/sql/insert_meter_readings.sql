-- Move the staged rows into meter_readings, skipping keys already stored; record the batch.
WITH inserted AS (
    INSERT INTO meter_readings (meter_id, ts, value)
    SELECT meter_id, ts, value FROM meter_staging
    ON CONFLICT DO NOTHING
    RETURNING ts
)
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
SELECT %(collector)s, 'meter', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
RETURNING id, kind, rows, ts_min, ts_max
