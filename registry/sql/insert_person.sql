INSERT INTO people (name, email, department)
VALUES (%(name)s, %(email)s, %(department)s)
ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
RETURNING id
