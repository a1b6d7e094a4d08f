COPY cabinet_readings (cabinet_id, ts, energy_kwh, active_power_w, voltage_v, power_factor)
FROM STDIN (FORMAT BINARY)
