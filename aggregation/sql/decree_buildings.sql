-- The buildings of a territory subject to the décret tertiaire: their reference year, its
-- consumption (kWh) and its heating degree-days, each null where not known.
SELECT b.id, b.code, b.reference_year, b.reference_consumption_kwh, b.reference_dju
FROM buildings b
JOIN communes c ON c.id = b.commune_id
WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
ORDER BY b.code
