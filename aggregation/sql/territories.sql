-- Every territory with its time zone and coordinates, or only the one whose code is given.
SELECT id, code, timezone, latitude, longitude
FROM territories
WHERE %(code)s::text IS NULL OR code = %(code)s
ORDER BY id
