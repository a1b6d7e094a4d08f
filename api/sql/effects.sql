-- Effects of a territory's actions (all, a mission's or one action's): the latest computation of
-- each action's effect by each method, or with history every computation kept. Oldest as-of
-- date (the reporting period's end) first, paged by (as-of date, id); with the action's control
-- group as kind:code strings (street:district/street for a street, area:name for a drawn area,
-- @date for the light points that existed on that date). The actions are chosen first, then
-- each one's effects through the index in effects_latest's order (0067): a read never sorts
-- every computation kept.
WITH scope AS MATERIALIZED (
    SELECT a.id, a.code AS action_code, m.code AS mission_code
    FROM actions a
    JOIN missions m ON m.id = a.mission_id
    JOIN policies po ON po.id = m.policy_id
    WHERE po.territory_id = %(territory_id)s
      AND (%(action)s::text IS NULL OR a.code = %(action)s)
      AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
), chosen AS MATERIALIZED (
    SELECT u.id
    FROM scope s
    CROSS JOIN LATERAL (
        SELECT l.id, l.reporting_end FROM effects_latest l
        WHERE NOT %(history)s::boolean AND l.action_id = s.id
          AND (%(method)s::text IS NULL OR l.method = %(method)s)
        UNION ALL
        SELECT h.id, h.reporting_end FROM effects h
        WHERE %(history)s::boolean AND h.action_id = s.id
          AND (%(method)s::text IS NULL OR h.method = %(method)s)
    ) u
    WHERE %(after_as_of)s::date IS NULL
       OR (u.reporting_end, u.id) > (%(after_as_of)s::date, %(after_id)s::bigint)
    ORDER BY u.reporting_end, u.id
    LIMIT %(limit)s
)
SELECT e.id, s.action_code, s.mission_code, e.method, e.method_version,
       e.reporting_end AS as_of, e.baseline_start, e.baseline_end, e.reporting_start,
       e.reporting_end, e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low,
       e.saved_kwh_high, e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, e.warnings, e.computed_at,
       ARRAY(
           SELECT CASE WHEN cs.district_id IS NOT NULL THEN 'district:' || d.code
                       WHEN cs.cabinet_id IS NOT NULL THEN 'cabinet:' || cc.code
                       WHEN cs.light_point_id IS NOT NULL THEN 'light_point:' || lp.code
                       WHEN cs.building_id IS NOT NULL THEN 'building:' || bd.code
                       WHEN cs.street IS NOT NULL THEN 'street:' || ind.code || '/' || cs.street
                       WHEN cs.in_district_id IS NOT NULL THEN 'district:' || ind.code
                       ELSE 'area:' || ar.name END
                  || coalesce('@' || to_char(cs.existed_on, 'YYYY-MM-DD'), '')
           FROM action_scopes cs
           LEFT JOIN districts d ON d.id = cs.district_id
           LEFT JOIN control_cabinets cc ON cc.id = cs.cabinet_id
           LEFT JOIN light_points lp ON lp.id = cs.light_point_id
           LEFT JOIN buildings bd ON bd.id = cs.building_id
           LEFT JOIN districts ind ON ind.id = cs.in_district_id
           LEFT JOIN scope_areas ar ON ar.id = cs.area_id
           WHERE cs.action_id = s.id AND cs.role = 'control'
           ORDER BY cs.id
       ) AS control_group,
       e.boundary, e.ipmvp_option, e.deemed, e.measured, e.stipulated, e.parameters,
       e.adjustments, e.adjustments_kwh, e.annual_saved_kwh, e.annual_saved_kwh_low,
       e.annual_saved_kwh_high, e.reliable, e.headline, e.fit
FROM chosen
JOIN effects e ON e.id = chosen.id
JOIN scope s ON s.id = e.action_id
ORDER BY e.reporting_end, e.id
