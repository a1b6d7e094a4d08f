-- A person by id with the roles they hold.
SELECT p.id, p.name, p.email,
       ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
FROM people p
WHERE p.id = %(person_id)s
