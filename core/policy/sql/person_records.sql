-- People (or the one with this e-mail), as person records, with their id and roles.
SELECT p.id, p.email, p.name, p.department,
       ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
FROM people p
WHERE (%(email)s::text IS NULL OR lower(p.email) = lower(%(email)s))
  AND (%(id)s::integer IS NULL OR p.id = %(id)s)
ORDER BY p.email
