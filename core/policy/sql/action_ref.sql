-- An action by code, with its mission, pilot and territory (codes are unique across territories).
SELECT a.id, a.mission_id, a.pilot_id, po.territory_id
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
WHERE a.code = %(code)s
