-- The readings (lamp_readings) copied into a layout of bench/compressed_layouts.py: as they are
-- ({scaled} false) or as integers at their resolution; {received_at} is the column or NULL.
INSERT INTO {table}
SELECT light_point_id, ts, {received_at}, power_state,
       CASE WHEN {scaled} THEN round(power_w * 10) ELSE power_w END,
       dimming_pct,
       CASE WHEN {scaled} THEN round(energy_wh) ELSE energy_wh END,
       CASE WHEN {scaled} THEN round(voltage_v * 10) ELSE voltage_v END,
       CASE WHEN {scaled} THEN round(current_a * 1000) ELSE current_a END,
       CASE WHEN {scaled} THEN round(power_factor * 100) ELSE power_factor END,
       CASE WHEN {scaled} THEN round(lamp_operating_hours * 10) ELSE lamp_operating_hours END,
       lamp_switch_counter, lamp_failure, day_burner, cycling_failure,
       CASE WHEN {scaled} THEN round(controller_temp_c * 10) ELSE controller_temp_c END
FROM lamp_readings
