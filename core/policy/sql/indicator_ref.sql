-- An indicator by code, with the territory of what it is attached to.
SELECT i.id, po.territory_id
FROM indicators i
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies po ON po.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
WHERE i.code = %(code)s
