-- A policy's title and ambition; no row when nothing changes.
UPDATE policies SET title = %(title)s, ambition = %(ambition)s
WHERE id = %(id)s AND (title, ambition) IS DISTINCT FROM (%(title)s::text, %(ambition)s::text)
RETURNING id
