-- A new person.
INSERT INTO people (email, name, department)
VALUES (%(email)s, %(name)s, %(department)s)
RETURNING id
