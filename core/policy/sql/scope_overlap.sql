-- What a scope row names that the same action's other role (treated or control) names too:
-- light points and buildings, by code.
SELECT lp.code
FROM action_scope_members m
JOIN action_scope_members o
  ON o.action_id = m.action_id AND o.role <> m.role AND o.light_point_id = m.light_point_id
JOIN light_points lp ON lp.id = m.light_point_id
WHERE m.scope_id = %(scope_id)s
UNION
SELECT b.code
FROM action_scopes s
JOIN action_scopes o
  ON o.action_id = s.action_id AND o.role <> s.role AND o.building_id = s.building_id
JOIN buildings b ON b.id = s.building_id
WHERE s.id = %(scope_id)s
ORDER BY 1
LIMIT 20
