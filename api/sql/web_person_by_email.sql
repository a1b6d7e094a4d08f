-- A person by e-mail (any case) with the roles they hold.
SELECT p.id, p.name, p.email,
       ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
FROM people p
WHERE lower(p.email) = lower(%(email)s)
