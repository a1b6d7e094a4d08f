-- An action by code, for its adjustments: its id and its territory's code.
SELECT a.id, t.code AS territory
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
JOIN territories t ON t.id = po.territory_id
WHERE a.code = %(code)s
