-- The staged light-point readings stored as the collector stores them (insert_lamp_readings),
-- without the points' latest readings: the batch as written before lamp_latest
-- (bench/lamp_latest.py).
INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, power_state, power_dw, dimming_pct, energy_wh, voltage_dv, current_ma, power_factor_pct, lamp_operating_dh, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_dc)
SELECT light_point_id, ts, (extract(epoch FROM date_trunc('milliseconds', received_at) - date_trunc('milliseconds', ts)) * 1000)::bigint, power_state, round(power_w::float8 * 10), dimming_pct, round(energy_wh), round(voltage_v::float8 * 10), round(current_a::float8 * 1000), round(power_factor::float8 * 100), round(lamp_operating_hours::float8 * 10), lamp_switch_counter, lamp_failure, day_burner, cycling_failure, round(controller_temp_c::float8 * 10)
FROM lamp_staging
ON CONFLICT DO NOTHING
