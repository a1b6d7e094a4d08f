-- Building meters of a territory: code, id, quantity and unit.
SELECT m.code, m.id, m.quantity, m.unit
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
