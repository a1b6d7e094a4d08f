-- An action of the territory by code: its id and pilot.
SELECT a.id, a.code, a.pilot_id
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
WHERE po.territory_id = %(territory_id)s AND a.code = %(code)s
