-- A mission of the territory by code.
SELECT m.id FROM missions m JOIN policies po ON po.id = m.policy_id
WHERE po.territory_id = %(territory_id)s AND m.code = %(code)s
