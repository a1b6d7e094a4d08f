-- The policies of a territory.
SELECT p.id, p.code, p.title, p.ambition
FROM policies p
WHERE p.territory_id = %(territory_id)s
ORDER BY p.id
