-- Take a role from a person; no row when they did not hold it.
DELETE FROM person_roles WHERE person_id = %(person_id)s AND role = %(role)s RETURNING role
