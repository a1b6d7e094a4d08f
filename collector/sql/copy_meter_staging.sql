COPY meter_staging (meter_id, ts, value) FROM STDIN (FORMAT BINARY)
