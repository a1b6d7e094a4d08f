-- Grafana by territory. Every reporting view carries its rows' territory (a `territory` column,
-- the territory's code) so that dashboards filter by a `territory` variable, and every view
-- shows only the territories its reader may read, so that a read-only login per territory is
-- enforced in the database, not by the dashboards.
--
-- A territory's reader role is a group role (no login) recorded in grafana_territory_roles and
-- member of vigie_grafana (`vigie grafana role --territory CODE` makes it); a login that is a
-- member of one or more of these roles reads those territories only. A login that is a member of
-- none (the installation's `grafana` login, the services, the owner) reads every territory. The
-- rule follows the login (session_user): SET ROLE to vigie_grafana does not widen it.
--
-- The views are security barriers: a reader's own conditions that could leak a value (a cast
-- that fails and prints it) run only on rows the view lets through; equality and range tests on
-- codes and instants are leakproof, so they still reach the indexes. Readings, alerts and the
-- policy tree find their territory through the registry (points -> districts -> communes,
-- buildings -> communes, missions -> policies); dead letters through their topic
-- (<prefix>/<territory>/<domain>/<asset>/<code>/<channel>). Ingest batches carry no territory:
-- they are the installation's, shown only to readers of every territory.

CREATE TABLE grafana_territory_roles (
    role_name     name NOT NULL,
    territory_id  smallint NOT NULL REFERENCES territories (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, territory_id)
);
COMMENT ON TABLE grafana_territory_roles IS
    'Group roles that restrict a Grafana login to territories (see reporting.readable_territories).';
GRANT SELECT ON grafana_territory_roles TO vigie_api, vigie_worker;

-- The territories the session's login may read: those of the territory roles it is a member of,
-- or every territory when it is a member of none (a superuser is a member of none).
CREATE FUNCTION reporting.readable_territories() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, public
AS $function$
    SELECT CASE WHEN bool_or(s.member) THEN array_agg(s.territory_id) FILTER (WHERE s.member)
                ELSE (SELECT coalesce(array_agg(t.id), '{}') FROM territories t) END
    FROM (
        SELECT g.territory_id,
               NOT me.rolsuper AND pg_has_role(session_user, r.oid, 'MEMBER') AS member
        FROM grafana_territory_roles g
        JOIN pg_roles r ON r.rolname = g.role_name
        CROSS JOIN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) me
    ) s
$function$;
REVOKE EXECUTE ON FUNCTION reporting.readable_territories() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reporting.readable_territories()
    TO vigie_grafana, vigie_api, vigie_worker;

-- Lighting ---------------------------------------------------------------------------------

CREATE VIEW reporting.territories WITH (security_barrier) AS
SELECT t.id, t.code, t.name, t.timezone
FROM territories t
WHERE t.id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.districts WITH (security_barrier) AS
SELECT d.code, d.name, c.name AS commune, t.code AS territory, d.lit_street_km,
       (SELECT count(*) FROM light_points lp WHERE lp.district_id = d.id) AS light_points
FROM districts d
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.light_points WITH (security_barrier) AS
SELECT lp.id, lp.code, d.code AS district_code, d.name AS district_name,
       cc.code AS cabinet_code, lp.latitude, lp.longitude, lp.street, lp.reporting_period_s,
       lp.technology, lp.nominal_power_w, lp.remote_controlled, lp.lamp_installed_on,
       lp.lantern_installed_on, lp.rated_life_h, t.code AS territory
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN control_cabinets cc ON cc.id = lp.cabinet_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.lamp_readings WITH (security_barrier) AS
SELECT r.ts, r.received_at, r.light_point_id, lp.code, d.code AS district_code, r.power_state,
       r.power_w, r.dimming_pct, r.energy_wh, r.lamp_failure, r.day_burner, r.cycling_failure,
       lp.reporting_period_s, t.code AS territory
FROM lamp_readings r
JOIN light_points lp ON lp.id = r.light_point_id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.hps_equipment WITH (security_barrier) AS
SELECT e.light_point_id, d.code AS district_code, e.valid_from, e.valid_to, e.nominal_power_w,
       t.code AS territory
FROM light_point_equipment e
JOIN light_points lp ON lp.id = e.light_point_id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE e.technology = 'HPS'
  AND c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.district_energy_daily WITH (security_barrier) AS
SELECT d.code AS district_code, r.day, r.energy_kwh, r.coverage, t.code AS territory
FROM district_rollups_daily r
JOIN districts d ON d.id = r.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- The districts' hours (0145), with their coverage read as in district_rollups_daily.
CREATE VIEW reporting.district_energy_hourly WITH (security_barrier) AS
SELECT d.code AS district_code, r.hour_start, r.energy_wh / 1000.0 AS energy_kwh,
       r.covered_point_hours / nullif(n.points, 0) AS coverage, r.failing_points,
       r.day_burner_points, t.code AS territory
FROM district_lamp_hourly r
JOIN districts d ON d.id = r.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
JOIN (SELECT district_id, count(*) AS points FROM light_points GROUP BY district_id) n
    ON n.district_id = r.district_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- The latest reading of each light point of a territory in the last 2 days of [from, to] (none
-- when it did not report then), for the panels of points' states. A function, not a view: a
-- security-barrier view of readings cannot take the caller's ORDER BY ts DESC LIMIT 1 inside,
-- and each point would read its 2 days of readings; here each point is one backward index
-- probe. It reads with its owner's rights and only the territories the session may read.
CREATE FUNCTION reporting.latest_lamp_readings(
    p_territory text, p_from timestamptz, p_to timestamptz
) RETURNS TABLE (
    light_point_id integer, ts timestamptz, power_state text, power_w real,
    lamp_failure boolean, cycling_failure boolean, day_burner boolean
)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, public
AS $function$
    SELECT lp.id, x.ts, x.power_state, x.power_w, x.lamp_failure, x.cycling_failure,
           x.day_burner
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN territories t ON t.id = c.territory_id
    CROSS JOIN LATERAL (
        SELECT r.ts, r.power_state, r.power_w, r.lamp_failure, r.cycling_failure, r.day_burner
        FROM lamp_readings r
        WHERE r.light_point_id = lp.id
          AND r.ts BETWEEN greatest($2, $3 - interval '2 days') AND $3
        ORDER BY r.ts DESC
        LIMIT 1
    ) x
    WHERE t.code = $1 AND c.territory_id = ANY (reporting.readable_territories())
$function$;
REVOKE EXECUTE ON FUNCTION reporting.latest_lamp_readings(text, timestamptz, timestamptz)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reporting.latest_lamp_readings(text, timestamptz, timestamptz)
    TO vigie_grafana, vigie_api, vigie_worker;

-- Buildings --------------------------------------------------------------------------------

CREATE OR REPLACE VIEW reporting.buildings WITH (security_barrier) AS
SELECT b.id, b.code, b.name, b.category, d.code AS district_code, b.floor_area_m2,
       b.latitude, b.longitude, b.tertiary_decree, b.reference_year, b.reference_consumption_kwh,
       t.code AS territory
FROM buildings b
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN districts d ON d.id = b.district_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.meter_readings WITH (security_barrier) AS
SELECT r.ts, m.code AS meter_code, b.code AS building_code, m.quantity, m.unit, r.value,
       t.code AS territory
FROM meter_readings r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.meter_hourly WITH (security_barrier) AS
SELECT r.hour_start, m.code AS meter_code, b.code AS building_code, m.quantity, m.unit,
       r.value, r.coverage, t.code AS territory
FROM meter_rollups_hourly r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.building_energy_daily WITH (security_barrier) AS
SELECT b.code AS building_code, r.day, sum(r.value) AS energy_kwh, min(r.coverage) AS coverage,
       t.code AS territory
FROM meter_consumption_daily r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE m.quantity IN ('electricity', 'gas', 'heat') AND m.unit = 'kWh'
  AND c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
GROUP BY b.code, r.day, t.code;

CREATE OR REPLACE VIEW reporting.degree_days WITH (security_barrier) AS
SELECT t.code AS territory, w.day, (w.tmin_c + w.tmax_c) / 2.0 AS tmean_c,
       greatest(0.0, 18.0 - (w.tmin_c + w.tmax_c) / 2.0) AS dju
FROM weather_observations w
JOIN territories t ON t.id = w.territory_id
WHERE w.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.decree_trajectory WITH (security_barrier) AS
SELECT b.code AS building_code, y.year, y.energy_kwh, y.coverage,
       b.reference_consumption_kwh AS reference_kwh,
       b.reference_consumption_kwh * reporting.decree_path_factor(b.reference_year, y.year)
           AS allowed_kwh,
       t.code AS territory
FROM buildings b
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
JOIN LATERAL (
    SELECT extract(year FROM e.day)::integer AS year, sum(e.energy_kwh) AS energy_kwh,
           count(*) / 365.0 AS coverage
    FROM reporting.building_energy_daily e
    WHERE e.building_code = b.code AND e.territory = t.code
    GROUP BY 1
) y ON true
WHERE b.tertiary_decree
  AND c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- Alerts -----------------------------------------------------------------------------------

CREATE OR REPLACE VIEW reporting.alerts WITH (security_barrier) AS
SELECT a.id, a.rule_id, a.domain, a.subject_kind, a.severity,
       array_position(ARRAY['informational', 'low', 'medium', 'high', 'critical'], a.severity)
           AS severity_rank,
       a.state, a.summary, a.first_seen, a.last_seen, a.occurrences, a.acknowledged_at,
       a.resolved_at, a.closed_at, a.escalated_at, coalesce(p.name, '(unrouted)') AS pilot,
       a.routed_via, ac.code AS action_code, coalesce(m.code, '(none)') AS mission_code,
       m.title AS mission_title,
       extract(epoch FROM a.acknowledged_at - a.first_seen) AS time_to_ack_s,
       extract(epoch FROM a.resolved_at - a.first_seen) AS time_to_resolve_s,
       t.code AS territory
FROM alerts a
JOIN territories t ON t.id = a.territory_id
LEFT JOIN people p ON p.id = a.routed_to
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN missions m ON m.id = ac.mission_id
WHERE a.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- Policy -----------------------------------------------------------------------------------

CREATE OR REPLACE VIEW reporting.missions WITH (security_barrier) AS
SELECT m.code, m.title, m.domain, po.code AS policy_code, lead.name AS lead, t.code AS territory
FROM missions m
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
LEFT JOIN people lead ON lead.id = m.lead_id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.actions WITH (security_barrier) AS
SELECT a.id, a.code, a.title, m.code AS mission_code, a.status, a.term, pilot.name AS pilot,
       a.planned_start, a.planned_end, a.actual_start, a.actual_end, t.code AS territory
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.policy_tree WITH (security_barrier) AS
SELECT 'mission' AS level, m.code AS mission_code, m.title AS mission_title,
       NULL::text AS action_code, m.title AS title, NULL::text AS status, lead.name AS person,
       coalesce(sum(l.planned_eur), 0)::float8 AS planned_eur,
       coalesce(sum(l.committed_eur), 0)::float8 AS committed_eur,
       coalesce(sum(l.spent_eur), 0)::float8 AS spent_eur,
       coalesce(mc.status, 'no_data') AS meteo, mc.explanation AS meteo_explanation,
       t.code AS territory
FROM missions m
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
LEFT JOIN people lead ON lead.id = m.lead_id
LEFT JOIN budget_lines l ON l.mission_id = m.id
LEFT JOIN meteo_current mc ON mc.subject_kind = 'mission' AND mc.subject_id = m.id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
GROUP BY m.id, lead.name, mc.status, mc.explanation, t.code
UNION ALL
SELECT 'action', m.code, m.title, a.code, a.title, a.status, pilot.name,
       coalesce(sum(l.planned_eur), 0)::float8, coalesce(sum(l.committed_eur), 0)::float8,
       coalesce(sum(l.spent_eur), 0)::float8, coalesce(mc.status, 'no_data'), mc.explanation,
       t.code
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id
LEFT JOIN budget_lines l ON l.action_id = a.id
LEFT JOIN meteo_current mc ON mc.subject_kind = 'action' AND mc.subject_id = a.id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
GROUP BY a.id, m.code, m.title, pilot.name, mc.status, mc.explanation, t.code;

CREATE OR REPLACE VIEW reporting.indicators WITH (security_barrier) AS
SELECT i.id, i.code, i.title, i.kind, i.unit, i.direction, i.baseline_value, i.baseline_on,
       coalesce(m.code, am.code) AS mission_code, a.code AS action_code,
       CASE WHEN i.action_id IS NOT NULL THEN 'action'
            WHEN i.mission_id IS NOT NULL THEN 'mission' ELSE 'policy' END AS level,
       t.code AS territory
FROM indicators i
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies po ON po.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
JOIN territories t ON t.id = po.territory_id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.indicator_values WITH (security_barrier) AS
SELECT i.code, i.title, i.kind, i.unit, i.mission_code, i.action_code, v.period,
       v.period_start, v.value, v.coverage, v.source, i.territory
FROM indicator_values v
JOIN reporting.indicators i ON i.id = v.indicator_id;

CREATE OR REPLACE VIEW reporting.indicator_targets WITH (security_barrier) AS
SELECT i.code, i.title, i.kind, i.unit, i.mission_code, i.action_code, t.target_on, t.value,
       i.territory
FROM indicator_targets t
JOIN reporting.indicators i ON i.id = t.indicator_id;

CREATE OR REPLACE VIEW reporting.indicator_standings WITH (security_barrier) AS
SELECT i.code, i.title, i.kind, i.unit, i.direction, i.mission_code, i.action_code,
       i.baseline_value, v.period_start AS latest_on, v.value AS latest_value, t.target_on,
       t.value AS target_value,
       CASE WHEN t.value IS NOT NULL AND i.baseline_value IS NOT NULL
                 AND t.value <> i.baseline_value
            THEN 100.0 * (v.value - i.baseline_value) / (t.value - i.baseline_value)
       END AS progress_pct,
       i.territory
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

CREATE OR REPLACE VIEW reporting.effects WITH (security_barrier) AS
SELECT a.code AS action_code, a.title AS action_title, m.code AS mission_code, e.method,
       e.method_version, e.baseline_start, e.baseline_end, e.reporting_start, e.reporting_end,
       e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low, e.saved_kwh_high,
       e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, array_to_string(e.warnings, '; ') AS warnings,
       e.computed_at, e.headline, e.reliable, e.boundary, e.ipmvp_option, e.deemed,
       e.annual_saved_kwh, e.annual_saved_kwh_low, e.annual_saved_kwh_high, e.adjustments_kwh,
       t.code AS territory
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
WHERE po.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

CREATE OR REPLACE VIEW reporting.action_milestones WITH (security_barrier) AS
SELECT (coalesce(a.actual_start, a.planned_start)::timestamp AT TIME ZONE t.timezone) AS time,
       (coalesce(a.actual_end, a.planned_end)::timestamp AT TIME ZONE t.timezone) AS timeend,
       a.code || ' – ' || a.title AS text,
       concat_ws(',', 'policy-action', a.code, m.code,
                 CASE WHEN a.actual_start IS NOT NULL THEN 'works' ELSE 'planned' END) AS tags,
       m.code AS mission_code, a.code AS action_code, 'works' AS kind, t.code AS territory
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
JOIN territories t ON t.id = p.territory_id
WHERE coalesce(a.actual_start, a.planned_start) IS NOT NULL
  AND p.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
UNION ALL
SELECT (an.written_on::timestamp AT TIME ZONE t.timezone), NULL,
       coalesce(a.code, m.code) || ' – ' || left(an.body, 200),
       concat_ws(',', 'policy-action', coalesce(a.code, m.code), an.kind),
       m.code, a.code, an.kind, t.code
FROM analyses an
LEFT JOIN actions a ON a.id = an.action_id
JOIN missions m ON m.id = coalesce(an.mission_id, a.mission_id)
JOIN policies p ON p.id = m.policy_id
JOIN territories t ON t.id = p.territory_id
WHERE p.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- Collection -------------------------------------------------------------------------------

CREATE OR REPLACE VIEW reporting.ingest_batches WITH (security_barrier) AS
SELECT committed_at, collector, kind, rows, ts_min, ts_max,
       extract(epoch FROM committed_at - ts_max) AS lag_s
FROM ingest_batches
WHERE NOT EXISTS (
    SELECT 1 FROM territories t WHERE t.id <> ALL ((SELECT reporting.readable_territories())::smallint[])
);

CREATE OR REPLACE VIEW reporting.dead_letters WITH (security_barrier) AS
SELECT l.id, l.received_at, l.topic, l.error_kind, left(l.reason, 300) AS reason, l.collector,
       l.replayed_at, l.replayed_at IS NULL AS pending, octet_length(l.payload) AS payload_bytes,
       l.territory
FROM (
    SELECT dl.*, (regexp_match(dl.topic, '([^/]+)/[^/]+/[^/]+/[^/]+/[^/]+$'))[1] AS territory
    FROM dead_letters dl
) l
LEFT JOIN territories t ON t.code = l.territory
WHERE CASE WHEN t.id IS NULL
           THEN NOT EXISTS (SELECT 1 FROM territories x
                            WHERE x.id <> ALL ((SELECT reporting.readable_territories())::smallint[]))
           ELSE t.id = ANY ((SELECT reporting.readable_territories())::smallint[]) END;

CREATE OR REPLACE VIEW reporting.device_last_seen WITH (security_barrier) AS
SELECT 'lamp' AS kind, lp.code, d.code AS district_code, NULL::text AS building_code,
       lp.reporting_period_s, last.ts AS last_ts, t.code AS territory
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN LATERAL (
    SELECT r.ts FROM lamp_readings r WHERE r.light_point_id = lp.id ORDER BY r.ts DESC LIMIT 1
) last ON true
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
UNION ALL
SELECT 'meter', m.code, d.code, b.code, m.reporting_period_s, last.ts, t.code
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN districts d ON d.id = b.district_id
LEFT JOIN LATERAL (
    SELECT r.ts FROM meter_readings r WHERE r.meter_id = m.id ORDER BY r.ts DESC LIMIT 1
) last ON true
WHERE m.removed_on IS NULL
  AND c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- Default privileges (0040) let vigie_grafana read the new views; the services read them too.
GRANT SELECT ON reporting.territories, reporting.district_energy_hourly TO vigie_worker, vigie_api;
