-- Views made for Grafana's dashboards (grafana/dashboards/*.json). Each view names things by
-- their codes, carries units in column names and runs with its owner's rights: vigie_grafana
-- reads these views and nothing else. Time filters and buckets are left to the panels' macros.

-- Lighting ---------------------------------------------------------------------------------

CREATE VIEW reporting.districts AS
SELECT d.code, d.name, c.name AS commune, t.code AS territory, d.lit_street_km,
       (SELECT count(*) FROM light_points lp WHERE lp.district_id = d.id) AS light_points
FROM districts d
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id;

CREATE VIEW reporting.light_points AS
SELECT lp.id, lp.code, d.code AS district_code, d.name AS district_name,
       cc.code AS cabinet_code, lp.latitude, lp.longitude, lp.street, lp.reporting_period_s,
       lp.technology, lp.nominal_power_w, lp.remote_controlled, lp.lamp_installed_on,
       lp.lantern_installed_on, lp.rated_life_h
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
LEFT JOIN control_cabinets cc ON cc.id = lp.cabinet_id;

CREATE VIEW reporting.lamp_readings AS
SELECT r.ts, r.received_at, r.light_point_id, lp.code, d.code AS district_code, r.power_state,
       r.power_w, r.dimming_pct, r.energy_wh, r.lamp_failure, r.day_burner, r.cycling_failure
FROM lamp_readings r
JOIN light_points lp ON lp.id = r.light_point_id
JOIN districts d ON d.id = lp.district_id;

-- Equipment history of sodium (HPS) points: a point counts as HPS from valid_from (included) to
-- valid_to (excluded).
CREATE VIEW reporting.hps_equipment AS
SELECT e.light_point_id, d.code AS district_code, e.valid_from, e.valid_to, e.nominal_power_w
FROM light_point_equipment e
JOIN light_points lp ON lp.id = e.light_point_id
JOIN districts d ON d.id = lp.district_id
WHERE e.technology = 'HPS';

CREATE VIEW reporting.district_energy_daily AS
SELECT d.code AS district_code, r.day, r.energy_kwh, r.coverage
FROM district_rollups_daily r
JOIN districts d ON d.id = r.district_id;

-- Buildings --------------------------------------------------------------------------------

CREATE VIEW reporting.buildings AS
SELECT b.id, b.code, b.name, b.category, d.code AS district_code, b.floor_area_m2,
       b.latitude, b.longitude, b.tertiary_decree, b.reference_year, b.reference_consumption_kwh
FROM buildings b
LEFT JOIN districts d ON d.id = b.district_id;

CREATE VIEW reporting.meter_readings AS
SELECT r.ts, m.code AS meter_code, b.code AS building_code, m.quantity, m.unit, r.value
FROM meter_readings r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id;

CREATE VIEW reporting.meter_hourly AS
SELECT r.hour_start, m.code AS meter_code, b.code AS building_code, m.quantity, m.unit,
       r.value, r.coverage
FROM meter_rollups_hourly r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id;

-- Energy in kWh of a building's day (electricity, gas and heat meters that count kWh).
CREATE VIEW reporting.building_energy_daily AS
SELECT b.code AS building_code, r.day, sum(r.value) AS energy_kwh, min(r.coverage) AS coverage
FROM meter_consumption_daily r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id
WHERE m.quantity IN ('electricity', 'gas', 'heat') AND m.unit = 'kWh'
GROUP BY b.code, r.day;

-- Heating degree-days (base 18 °C, Météo-France method) of each territory's day.
CREATE VIEW reporting.degree_days AS
SELECT t.code AS territory, w.day, (w.tmin_c + w.tmax_c) / 2.0 AS tmean_c,
       greatest(0.0, 18.0 - (w.tmin_c + w.tmax_c) / 2.0) AS dju
FROM weather_observations w
JOIN territories t ON t.id = w.territory_id;

-- The décret tertiaire path: the share of the reference consumption allowed in a year, linear
-- from the reference year to -40 % in 2030, then -50 % in 2040 and -60 % in 2050.
CREATE FUNCTION reporting.decree_path_factor(reference_year integer, year integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
    WHEN year <= 2030 THEN 1.0 - 0.40 * greatest(0.0, (year - reference_year)::float8
                                                      / (2030 - reference_year))
    WHEN year <= 2040 THEN 1.0 - (0.40 + 0.10 * (year - 2030) / 10.0)
    WHEN year <= 2050 THEN 1.0 - (0.50 + 0.10 * (year - 2040) / 10.0)
    ELSE 0.40
END;

CREATE VIEW reporting.decree_trajectory AS
SELECT b.code AS building_code, y.year, y.energy_kwh, y.coverage,
       b.reference_consumption_kwh AS reference_kwh,
       b.reference_consumption_kwh * reporting.decree_path_factor(b.reference_year, y.year)
           AS allowed_kwh
FROM buildings b
JOIN LATERAL (
    SELECT extract(year FROM e.day)::integer AS year, sum(e.energy_kwh) AS energy_kwh,
           count(*) / 365.0 AS coverage
    FROM reporting.building_energy_daily e
    WHERE e.building_code = b.code
    GROUP BY 1
) y ON true
WHERE b.tertiary_decree;

-- Alerts -----------------------------------------------------------------------------------

CREATE VIEW reporting.alerts AS
SELECT a.id, a.rule_id, a.domain, a.subject_kind, a.severity,
       array_position(ARRAY['informational', 'low', 'medium', 'high', 'critical'], a.severity)
           AS severity_rank,
       a.state, a.summary, a.first_seen, a.last_seen, a.occurrences, a.acknowledged_at,
       a.resolved_at, a.closed_at, a.escalated_at, coalesce(p.name, '(unrouted)') AS pilot,
       a.routed_via, ac.code AS action_code, coalesce(m.code, '(none)') AS mission_code,
       m.title AS mission_title,
       extract(epoch FROM a.acknowledged_at - a.first_seen) AS time_to_ack_s,
       extract(epoch FROM a.resolved_at - a.first_seen) AS time_to_resolve_s
FROM alerts a
LEFT JOIN people p ON p.id = a.routed_to
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN missions m ON m.id = ac.mission_id;

-- Policy -----------------------------------------------------------------------------------

CREATE VIEW reporting.missions AS
SELECT m.code, m.title, m.domain, po.code AS policy_code, lead.name AS lead
FROM missions m
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people lead ON lead.id = m.lead_id;

CREATE VIEW reporting.actions AS
SELECT a.id, a.code, a.title, m.code AS mission_code, a.status, a.term, pilot.name AS pilot,
       a.planned_start, a.planned_end, a.actual_start, a.actual_end
FROM actions a
JOIN missions m ON m.id = a.mission_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id;

-- One row per mission (its own lines and its actions') and per action: budgets over all years
-- and the current météo.
CREATE VIEW reporting.policy_tree AS
SELECT 'mission' AS level, m.code AS mission_code, m.title AS mission_title,
       NULL::text AS action_code, m.title AS title, NULL::text AS status, lead.name AS person,
       coalesce(sum(l.planned_eur), 0)::float8 AS planned_eur,
       coalesce(sum(l.committed_eur), 0)::float8 AS committed_eur,
       coalesce(sum(l.spent_eur), 0)::float8 AS spent_eur,
       coalesce(mc.status, 'no_data') AS meteo, mc.explanation AS meteo_explanation
FROM missions m
LEFT JOIN people lead ON lead.id = m.lead_id
LEFT JOIN budget_lines l ON l.mission_id = m.id
LEFT JOIN meteo_current mc ON mc.subject_kind = 'mission' AND mc.subject_id = m.id
GROUP BY m.id, lead.name, mc.status, mc.explanation
UNION ALL
SELECT 'action', m.code, m.title, a.code, a.title, a.status, pilot.name,
       coalesce(sum(l.planned_eur), 0)::float8, coalesce(sum(l.committed_eur), 0)::float8,
       coalesce(sum(l.spent_eur), 0)::float8, coalesce(mc.status, 'no_data'), mc.explanation
FROM actions a
JOIN missions m ON m.id = a.mission_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id
LEFT JOIN budget_lines l ON l.action_id = a.id
LEFT JOIN meteo_current mc ON mc.subject_kind = 'action' AND mc.subject_id = a.id
GROUP BY a.id, m.code, m.title, pilot.name, mc.status, mc.explanation;

CREATE VIEW reporting.indicators AS
SELECT i.id, i.code, i.title, i.kind, i.unit, i.direction, i.baseline_value, i.baseline_on,
       coalesce(m.code, am.code) AS mission_code, a.code AS action_code,
       CASE WHEN i.action_id IS NOT NULL THEN 'action'
            WHEN i.mission_id IS NOT NULL THEN 'mission' ELSE 'policy' END AS level
FROM indicators i
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id;

CREATE VIEW reporting.indicator_values AS
SELECT i.code, i.title, i.kind, i.unit, i.mission_code, i.action_code, v.period,
       v.period_start, v.value, v.coverage, v.source
FROM indicator_values v
JOIN reporting.indicators i ON i.id = v.indicator_id;

CREATE VIEW reporting.indicator_targets AS
SELECT i.code, i.title, i.kind, i.unit, i.mission_code, i.action_code, t.target_on, t.value
FROM indicator_targets t
JOIN reporting.indicators i ON i.id = t.indicator_id;

-- Each indicator's latest value against its next target (else its last one), and the share of
-- the way from the baseline to the target already covered.
CREATE VIEW reporting.indicator_standings AS
SELECT i.code, i.title, i.kind, i.unit, i.direction, i.mission_code, i.action_code,
       i.baseline_value, v.period_start AS latest_on, v.value AS latest_value, t.target_on,
       t.value AS target_value,
       CASE WHEN t.value IS NOT NULL AND i.baseline_value IS NOT NULL
                 AND t.value <> i.baseline_value
            THEN 100.0 * (v.value - i.baseline_value) / (t.value - i.baseline_value)
       END AS progress_pct
FROM reporting.indicators i
LEFT JOIN LATERAL (
    SELECT period_start, value FROM indicator_values
    WHERE indicator_id = i.id
    ORDER BY period_start DESC, CASE period WHEN 'year' THEN 0 WHEN 'month' THEN 1 ELSE 2 END
    LIMIT 1
) v ON true
LEFT JOIN LATERAL (
    SELECT target_on, value FROM indicator_targets
    WHERE indicator_id = i.id
    ORDER BY (target_on >= coalesce(v.period_start, current_date)) DESC,
             CASE WHEN target_on >= coalesce(v.period_start, current_date) THEN target_on END,
             target_on DESC
    LIMIT 1
) t ON true;

-- The latest effect of each action by method, with its 95 % interval.
CREATE VIEW reporting.effects AS
SELECT DISTINCT ON (e.action_id, e.method)
       a.code AS action_code, a.title AS action_title, m.code AS mission_code, e.method,
       e.method_version, e.baseline_start, e.baseline_end, e.reporting_start, e.reporting_end,
       e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low, e.saved_kwh_high,
       e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, array_to_string(e.warnings, '; ') AS warnings,
       e.computed_at
FROM effects e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
ORDER BY e.action_id, e.method, e.reporting_end DESC, e.computed_at DESC;

-- Milestones of the policy, for annotations: each action's works (actual dates, else planned)
-- as a region, and each dated analysis or recommendation as a point. Dates are midnight in the
-- territory's time zone.
CREATE VIEW reporting.action_milestones AS
SELECT (coalesce(a.actual_start, a.planned_start)::timestamp AT TIME ZONE t.timezone) AS time,
       (coalesce(a.actual_end, a.planned_end)::timestamp AT TIME ZONE t.timezone) AS timeend,
       a.code || ' – ' || a.title AS text,
       concat_ws(',', 'policy-action', a.code, m.code,
                 CASE WHEN a.actual_start IS NOT NULL THEN 'works' ELSE 'planned' END) AS tags,
       m.code AS mission_code, a.code AS action_code, 'works' AS kind
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
JOIN territories t ON t.id = p.territory_id
WHERE coalesce(a.actual_start, a.planned_start) IS NOT NULL
UNION ALL
SELECT (an.written_on::timestamp AT TIME ZONE t.timezone), NULL,
       coalesce(a.code, m.code) || ' – ' || left(an.body, 200),
       concat_ws(',', 'policy-action', coalesce(a.code, m.code), an.kind),
       m.code, a.code, an.kind
FROM analyses an
LEFT JOIN actions a ON a.id = an.action_id
JOIN missions m ON m.id = coalesce(an.mission_id, a.mission_id)
JOIN policies p ON p.id = m.policy_id
JOIN territories t ON t.id = p.territory_id;

-- Collection -------------------------------------------------------------------------------

CREATE VIEW reporting.ingest_batches AS
SELECT committed_at, collector, kind, rows, ts_min, ts_max,
       extract(epoch FROM committed_at - ts_max) AS lag_s
FROM ingest_batches;

CREATE VIEW reporting.dead_letters AS
SELECT id, received_at, topic, error_kind, left(reason, 300) AS reason, collector, replayed_at,
       replayed_at IS NULL AS pending, octet_length(payload) AS payload_bytes
FROM dead_letters;

-- The newest reading of every light point and meter (null when it never reported).
CREATE VIEW reporting.device_last_seen AS
SELECT 'lamp' AS kind, lp.code, d.code AS district_code, NULL::text AS building_code,
       lp.reporting_period_s, last.ts AS last_ts
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
LEFT JOIN LATERAL (
    SELECT r.ts FROM lamp_readings r WHERE r.light_point_id = lp.id ORDER BY r.ts DESC LIMIT 1
) last ON true
UNION ALL
SELECT 'meter', m.code, d.code, b.code, m.reporting_period_s, last.ts
FROM meters m
JOIN buildings b ON b.id = m.building_id
LEFT JOIN districts d ON d.id = b.district_id
LEFT JOIN LATERAL (
    SELECT r.ts FROM meter_readings r WHERE r.meter_id = m.id ORDER BY r.ts DESC LIMIT 1
) last ON true
WHERE m.removed_on IS NULL;

-- Default privileges (0040) cover these views; the function is granted explicitly.
GRANT EXECUTE ON FUNCTION reporting.decree_path_factor(integer, integer) TO vigie_grafana;
