COPY meter_readings (meter_id, ts, value) FROM STDIN (FORMAT BINARY)
