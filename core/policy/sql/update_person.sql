-- A person's e-mail, name and department; no row when nothing changes.
UPDATE people SET email = %(email)s, name = %(name)s, department = %(department)s
WHERE id = %(id)s
  AND (email, name, department)
      IS DISTINCT FROM (%(email)s::text, %(name)s::text, %(department)s::text)
RETURNING id
