-- Actions of a territory that treat a scope, with their intervention dates and what they treat.
SELECT a.id, a.code, a.actual_start, a.actual_end, a.status = 'done' AS done,
       bool_or(s.building_id IS NOT NULL) FILTER (WHERE s.role = 'treated') AS buildings,
       bool_or(s.role = 'control') AS has_control
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
JOIN action_scopes s ON s.action_id = a.id
WHERE p.territory_id = %(territory_id)s
GROUP BY a.id, a.code, a.actual_start, a.actual_end, a.status
HAVING bool_or(s.role = 'treated')
ORDER BY a.code
