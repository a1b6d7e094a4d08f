-- The drawn areas of a territory (or the one with this name), with their outline.
SELECT name, geometry, id
FROM scope_areas
WHERE territory_id = %(territory_id)s AND (%(name)s::text IS NULL OR name = %(name)s)
ORDER BY name
