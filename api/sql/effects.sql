-- Effects of a territory's actions (all, a mission's or one action's), latest computation of each
-- first, with the action's control group as kind:code strings (street:district/street for a
-- street, area:name for a drawn area, @date for the light points that existed on that date).
SELECT e.id, a.code AS action_code, m.code AS mission_code, e.method, e.method_version,
       e.baseline_start, e.baseline_end, e.reporting_start, e.reporting_end,
       e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low, e.saved_kwh_high,
       e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, e.warnings, e.computed_at,
       ARRAY(
           SELECT CASE WHEN s.district_id IS NOT NULL THEN 'district:' || d.code
                       WHEN s.cabinet_id IS NOT NULL THEN 'cabinet:' || cc.code
                       WHEN s.light_point_id IS NOT NULL THEN 'light_point:' || lp.code
                       WHEN s.building_id IS NOT NULL THEN 'building:' || bd.code
                       WHEN s.street IS NOT NULL THEN 'street:' || ind.code || '/' || s.street
                       WHEN s.in_district_id IS NOT NULL THEN 'district:' || ind.code
                       ELSE 'area:' || ar.name END
                  || coalesce('@' || to_char(s.existed_on, 'YYYY-MM-DD'), '')
           FROM action_scopes s
           LEFT JOIN districts d ON d.id = s.district_id
           LEFT JOIN control_cabinets cc ON cc.id = s.cabinet_id
           LEFT JOIN light_points lp ON lp.id = s.light_point_id
           LEFT JOIN buildings bd ON bd.id = s.building_id
           LEFT JOIN districts ind ON ind.id = s.in_district_id
           LEFT JOIN scope_areas ar ON ar.id = s.area_id
           WHERE s.action_id = a.id AND s.role = 'control'
           ORDER BY s.id
       ) AS control_group
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
WHERE po.territory_id = %(territory_id)s
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
  AND (%(method)s::text IS NULL OR e.method = %(method)s)
  AND (%(after)s::bigint IS NULL OR e.id > %(after)s)
ORDER BY e.id
LIMIT %(limit)s
