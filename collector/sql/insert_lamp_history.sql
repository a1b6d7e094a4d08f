-- Move staged imported rows into lamp_readings, skipping keys already stored; the instants of
-- the rows really inserted come back, to be recorded as ingest batches.
INSERT INTO lamp_readings (light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
SELECT light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
FROM lamp_staging
ON CONFLICT DO NOTHING
RETURNING ts
