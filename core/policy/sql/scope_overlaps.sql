-- The rows of an action's scope and control group that name what the other role names too, with
-- their role and what they share: light points and buildings, by code (20 at most). Nothing is
-- resolved for an action without both roles.
WITH both_roles AS (
    SELECT count(DISTINCT role) = 2 AS yes FROM action_scopes WHERE action_id = %(action_id)s
)
SELECT m.scope_id, m.role, (array_agg(DISTINCT lp.code ORDER BY lp.code))[1:20] AS shared
FROM action_scope_members m
JOIN action_scope_members o
  ON o.action_id = m.action_id AND o.role <> m.role AND o.light_point_id = m.light_point_id
JOIN light_points lp ON lp.id = m.light_point_id
WHERE m.action_id = %(action_id)s AND o.action_id = %(action_id)s
  AND (SELECT yes FROM both_roles)
GROUP BY m.scope_id, m.role
UNION ALL
SELECT s.id, s.role, ARRAY[b.code]
FROM action_scopes s
JOIN action_scopes o ON o.action_id = s.action_id AND o.role <> s.role AND o.building_id = s.building_id
JOIN buildings b ON b.id = s.building_id
WHERE s.action_id = %(action_id)s
