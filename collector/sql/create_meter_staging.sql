-- A session's staging table for meter readings.
CREATE TEMPORARY TABLE IF NOT EXISTS meter_staging
    (LIKE meter_readings INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
