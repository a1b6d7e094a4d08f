SELECT c.insee_code, c.id
FROM communes c
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
