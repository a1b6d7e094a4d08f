-- Record (or correct the date of) a building's OPERAT declaration for a consumption year.
INSERT INTO operat_declarations (building_id, consumption_year, declared_on)
SELECT b.id, %(year)s, %(declared_on)s
FROM buildings b
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s AND b.code = %(building)s
ON CONFLICT (building_id, consumption_year) DO UPDATE SET declared_on = EXCLUDED.declared_on
RETURNING building_id
