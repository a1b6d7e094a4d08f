SELECT id, code, latitude, longitude, timezone
FROM territories
WHERE %(code)s::text IS NULL OR code = %(code)s
ORDER BY id
