-- Give a person a role of the API; nothing when they hold it already.
INSERT INTO person_roles (person_id, role) VALUES (%(person_id)s, %(role)s)
ON CONFLICT DO NOTHING
