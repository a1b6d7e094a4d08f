-- The roles a person holds.
SELECT role FROM person_roles WHERE person_id = %(person_id)s ORDER BY role
