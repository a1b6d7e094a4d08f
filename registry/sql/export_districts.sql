-- A territory's districts as districts.geojson holds them, with their commune.
SELECT d.code, d.name, t.code AS territory, c.insee_code, c.name AS commune, d.lit_street_km,
       d.outline
FROM districts d
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
ORDER BY d.code
