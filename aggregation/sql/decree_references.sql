-- The reference year and consumption of each building subject to the décret tertiaire.
SELECT b.reference_year, b.reference_consumption_kwh
FROM buildings b
JOIN communes c ON c.id = b.commune_id
WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
