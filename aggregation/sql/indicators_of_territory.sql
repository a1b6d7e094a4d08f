-- The computed indicators of a territory's policies, with what they are attached to.
SELECT i.id, i.code, i.title, i.kind, i.unit, i.direction, i.computation, i.parameters,
       i.action_id, coalesce(i.mission_id, a.mission_id) AS mission_id,
       p.territory_id
FROM indicators i
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions m ON m.id = coalesce(i.mission_id, a.mission_id)
JOIN policies p ON p.id = coalesce(i.policy_id, m.policy_id)
WHERE p.territory_id = %(territory_id)s AND i.computation IS NOT NULL
ORDER BY i.code
