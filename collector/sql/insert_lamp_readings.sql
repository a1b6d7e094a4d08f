-- Move the staged rows into lamp_readings; a key already stored (a redelivery) is skipped.
-- The rows really inserted update their points' latest readings (as upsert_lamp_latest) and are
-- recorded as one ingest batch (none when nothing was new) with its rows per territory.
WITH inserted AS (
    INSERT INTO lamp_readings (light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
    SELECT light_point_id, ts, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
    FROM lamp_staging
    ON CONFLICT DO NOTHING
    RETURNING light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
), latest AS (
    INSERT INTO lamp_latest (light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)
    SELECT DISTINCT ON (light_point_id) light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c
    FROM inserted
    ORDER BY light_point_id, ts DESC
    ON CONFLICT (light_point_id) DO UPDATE
    SET ts = excluded.ts, received_at = excluded.received_at, power_state = excluded.power_state, power_w = excluded.power_w, dimming_pct = excluded.dimming_pct, energy_wh = excluded.energy_wh, voltage_v = excluded.voltage_v, current_a = excluded.current_a, power_factor = excluded.power_factor, lamp_operating_hours = excluded.lamp_operating_hours, lamp_switch_counter = excluded.lamp_switch_counter, lamp_failure = excluded.lamp_failure, day_burner = excluded.day_burner, cycling_failure = excluded.cycling_failure, controller_temp_c = excluded.controller_temp_c
    WHERE lamp_latest.ts < excluded.ts
), batch AS (
    INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
    SELECT %(collector)s, 'lamp', min(ts), max(ts), count(*) FROM inserted HAVING count(*) > 0
    RETURNING id, kind, rows, ts_min, ts_max
), parts AS (
    INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
    SELECT b.id, t.territory_id, count(*), min(i.ts), max(i.ts)
    FROM batch b
    CROSS JOIN inserted i
    JOIN asset_territories t ON t.kind = 'lamp' AND t.asset_id = i.light_point_id
    GROUP BY b.id, t.territory_id
)
SELECT id, kind, rows, ts_min, ts_max FROM batch
