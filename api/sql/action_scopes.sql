-- What an action treats and its control group, each row naming its asset by kind and code.
SELECT s.id, s.role,
       CASE WHEN s.district_id IS NOT NULL THEN 'district'
            WHEN s.cabinet_id IS NOT NULL THEN 'cabinet'
            WHEN s.light_point_id IS NOT NULL THEN 'light_point'
            ELSE 'building' END AS kind,
       coalesce(d.code, cc.code, lp.code, bd.code) AS code
FROM action_scopes s
LEFT JOIN districts d ON d.id = s.district_id
LEFT JOIN control_cabinets cc ON cc.id = s.cabinet_id
LEFT JOIN light_points lp ON lp.id = s.light_point_id
LEFT JOIN buildings bd ON bd.id = s.building_id
WHERE s.action_id = %(action_id)s
ORDER BY s.role DESC, s.id
