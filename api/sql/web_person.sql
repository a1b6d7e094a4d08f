-- A person by id with the roles they hold and the territories they may see.
SELECT p.id, p.name, p.email,
       ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles,
       ARRAY(SELECT t.territory_id FROM person_territories t WHERE t.person_id = p.id)
           AS territory_ids
FROM people p
WHERE p.id = %(person_id)s
