-- A session's staging table for lamp readings: COPY fills it, insert_lamp_readings empties it.
CREATE TEMPORARY TABLE IF NOT EXISTS lamp_staging
    (LIKE lamp_readings INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
