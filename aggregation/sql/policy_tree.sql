-- The missions and actions of a policy, with each action's dates and the number of light
-- points its treated scope holds.
SELECT m.id AS mission_id, m.code AS mission_code, m.domain, a.id AS action_id,
       a.code AS action_code, a.planned_start, a.planned_end,
       (SELECT count(*) FROM action_scope_light_points s
        WHERE s.action_id = a.id AND s.role = 'treated') AS scope_points
FROM policies p
JOIN missions m ON m.policy_id = p.id
LEFT JOIN actions a ON a.mission_id = m.id
WHERE p.code = %(policy_code)s
ORDER BY m.code, a.code
