-- For each value, the readings of which it differs read back from the integer layout by more
-- than a millionth of itself (a float's rounding): none when the integers lose nothing of what
-- the controllers reported.
SELECT count(*) FILTER (WHERE abs(r.power_w - s.power_dw / 10.0) > 1e-6 * r.power_w) AS power,
       count(*) FILTER (WHERE abs(r.energy_wh - s.energy_wh) > 1e-6 * r.energy_wh) AS energy,
       count(*) FILTER (WHERE abs(r.voltage_v - s.voltage_dv / 10.0) > 1e-6 * r.voltage_v)
           AS voltage,
       count(*) FILTER (WHERE abs(r.current_a - s.current_ma / 1000.0) > 1e-6 * r.current_a)
           AS current,
       count(*) FILTER (WHERE abs(r.power_factor - s.power_factor_pct / 100.0)
                              > 1e-6 * r.power_factor) AS power_factor,
       count(*) FILTER (WHERE abs(r.lamp_operating_hours - s.lamp_operating_dh / 10.0)
                              > 1e-6 * r.lamp_operating_hours) AS burning_hours,
       count(*) FILTER (WHERE abs(r.controller_temp_c - s.controller_temp_dc / 10.0)
                              > 1e-6 * abs(r.controller_temp_c)) AS temperature
FROM lamp_readings r
JOIN {table} s USING (light_point_id, ts)
