-- The columns of lamp_readings (the view: floats, as stored before migration 0164) for
-- bench/compressed_layouts.py, received_at optional.
CREATE TABLE {table} (LIKE lamp_readings INCLUDING DEFAULTS, PRIMARY KEY (light_point_id, ts));
ALTER TABLE {table} ALTER COLUMN received_at DROP NOT NULL
