-- The scope rows of a territory's actions (or of one action, by id or code), as scope records
-- with their id, action and role.
SELECT s.id, s.action_id, a.code AS action, s.role,
       CASE WHEN s.district_id IS NOT NULL THEN 'district'
            WHEN s.cabinet_id IS NOT NULL THEN 'cabinet'
            WHEN s.light_point_id IS NOT NULL THEN 'light_point'
            WHEN s.building_id IS NOT NULL THEN 'building'
            WHEN s.street IS NOT NULL THEN 'street'
            WHEN s.in_district_id IS NOT NULL THEN 'district'
            ELSE 'area' END AS kind,
       coalesce(d.code, cc.code, lp.code, bd.code, ind.code) AS code,
       s.street, s.existed_on, ar.name AS area, po.code AS policy_code
FROM action_scopes s
JOIN actions a ON a.id = s.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
LEFT JOIN districts d ON d.id = s.district_id
LEFT JOIN control_cabinets cc ON cc.id = s.cabinet_id
LEFT JOIN light_points lp ON lp.id = s.light_point_id
LEFT JOIN buildings bd ON bd.id = s.building_id
LEFT JOIN districts ind ON ind.id = s.in_district_id
LEFT JOIN scope_areas ar ON ar.id = s.area_id
WHERE po.territory_id = %(territory_id)s
  AND (%(action_id)s::integer IS NULL OR s.action_id = %(action_id)s)
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
ORDER BY a.code, s.role DESC, kind,
         coalesce(d.code, cc.code, lp.code, bd.code, ind.code, ar.name), s.street, s.existed_on,
         s.id
