-- The indicators of a territory (or the one with this code), as indicator records.
SELECT i.code, i.title, i.description, i.kind, i.unit, i.direction, po.code AS policy,
       m.code AS mission, a.code AS action, i.computation, i.parameters, i.baseline_value,
       i.baseline_on, i.id, owner.code AS policy_code
FROM indicators i
LEFT JOIN policies po ON po.id = i.policy_id
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies owner ON owner.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
WHERE owner.territory_id = %(territory_id)s AND (%(code)s::text IS NULL OR i.code = %(code)s)
ORDER BY i.code
