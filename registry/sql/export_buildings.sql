-- A territory's buildings as buildings.csv holds them.
SELECT b.code, b.name, b.category, c.insee_code, d.code AS district, b.floor_area_m2,
       b.latitude, b.longitude, b.tertiary_decree, b.reference_year,
       b.reference_consumption_kwh, b.reference_dju::text AS reference_dju
FROM buildings b
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN districts d ON d.id = b.district_id
WHERE t.code = %(territory)s
