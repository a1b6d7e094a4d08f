-- Store the staged light-point readings in lamp_readings_stored, each value rounded to the
-- integer of its resolution (migration 0164). {skip_stored} is empty (a key already stored
-- fails the statement: the collector's first try, new readings being the rule) or
-- ON CONFLICT DO NOTHING (a redelivery: the keys already stored are skipped).
-- The rows really inserted come back in their units, read as the view lamp_readings reads them,
-- and update their points' latest readings: the newest per point, only when newer than the
-- stored one, in point order (lamp_latest, 0158). They are recorded as one ingest batch (none
-- when nothing was new) with its rows per territory.
WITH inserted AS (
    INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, power_state, power_dw, dimming_pct, energy_wh, voltage_dv, current_ma, power_factor_pct, lamp_operating_dh, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_dc)
    SELECT light_point_id, ts, (extract(epoch FROM date_trunc('milliseconds', received_at) - date_trunc('milliseconds', ts)) * 1000)::bigint, power_state, round(power_w::float8 * 10), dimming_pct, round(energy_wh), round(voltage_v::float8 * 10), round(current_a::float8 * 1000), round(power_factor::float8 * 100), round(lamp_operating_hours::float8 * 10), lamp_switch_counter, lamp_failure, day_burner, cycling_failure, round(controller_temp_c::float8 * 10)
    FROM lamp_staging
    {skip_stored}
    RETURNING light_point_id, ts, date_trunc('milliseconds', ts) + received_after_ms * interval '1 millisecond' AS received_at, power_state, power_dw::real / 10::real AS power_w, dimming_pct, energy_wh::double precision AS energy_wh, voltage_dv::real / 10::real AS voltage_v, current_ma::real / 1000::real AS current_a, power_factor_pct::real / 100::real AS power_factor, lamp_operating_dh::real / 10::real AS lamp_operating_hours, lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_dc::real / 10::real AS controller_temp_c
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
