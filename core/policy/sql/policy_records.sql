-- The policies of a territory (or the one with this code), as policy records.
SELECT t.code AS territory, p.code, p.title, p.ambition
FROM policies p
JOIN territories t ON t.id = p.territory_id
WHERE p.territory_id = %(territory_id)s AND (%(code)s::text IS NULL OR p.code = %(code)s)
ORDER BY p.code
