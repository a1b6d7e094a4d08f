-- A drawn area of a territory by name, with its outline.
SELECT id, geometry FROM scope_areas
WHERE territory_id = %(territory_id)s AND name = %(name)s
