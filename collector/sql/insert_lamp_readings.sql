-- Move the staged rows into lamp_readings; a key already stored (a redelivery) is skipped.
-- The rows really inserted are recorded as one ingest batch (none when nothing was new).
WITH inserted AS (
    INSERT INTO lamp_readings (light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
    SELECT light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
    FROM lamp_staging
    ON CONFLICT DO NOTHING
    RETURNING ts
)
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
SELECT %(collector)s, 'lamp', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
RETURNING id, kind, rows, ts_min, ts_max
