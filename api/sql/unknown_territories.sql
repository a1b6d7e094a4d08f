-- The codes among these that name no territory.
SELECT c.code FROM unnest(%(codes)s::text[]) AS c(code)
WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.code = c.code)
ORDER BY c.code
