-- A person's id by e-mail.
SELECT id FROM people WHERE lower(email) = lower(%(email)s)
