-- A person by e-mail, compared without case (the exact spelling first).
SELECT id FROM people
WHERE lower(email) = lower(%(email)s)
ORDER BY email = %(email)s DESC, id
LIMIT 1
