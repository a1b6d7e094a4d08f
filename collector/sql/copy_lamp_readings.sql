COPY lamp_readings (light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
FROM STDIN (FORMAT BINARY)
