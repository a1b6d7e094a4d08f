-- The collector's upkeep of each point's latest reading (collector/sql/insert_lamp_readings.sql)
-- for the readings bench/year.py writes directly, from those of [from, to).
INSERT INTO lamp_latest (light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
SELECT DISTINCT ON (light_point_id) light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
FROM lamp_readings
WHERE ts >= %(from)s AND ts < %(to)s
ORDER BY light_point_id, ts DESC
ON CONFLICT (light_point_id) DO UPDATE
SET ts = excluded.ts, received_at = excluded.received_at, power_state = excluded.power_state, power_w = excluded.power_w, dimming_pct = excluded.dimming_pct, energy_wh = excluded.energy_wh, voltage_v = excluded.voltage_v, current_a = excluded.current_a, power_factor = excluded.power_factor, lamp_operating_hours = excluded.lamp_operating_hours, lamp_switch_counter = excluded.lamp_switch_counter, lamp_failure = excluded.lamp_failure, day_burner = excluded.day_burner, cycling_failure = excluded.cycling_failure, controller_temp_c = excluded.controller_temp_c
WHERE lamp_latest.ts < excluded.ts
