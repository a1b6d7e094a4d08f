-- A drawn area's outline; no row when it is the same.
UPDATE scope_areas SET geometry = %(geometry)s
WHERE id = %(id)s AND geometry IS DISTINCT FROM %(geometry)s::jsonb
RETURNING id
