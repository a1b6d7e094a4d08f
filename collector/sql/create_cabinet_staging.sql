-- A session's staging table for cabinet readings.
CREATE TEMPORARY TABLE IF NOT EXISTS cabinet_staging
    (LIKE cabinet_readings INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
