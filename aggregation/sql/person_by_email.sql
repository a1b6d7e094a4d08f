-- A person's id by e-mail.
SELECT id FROM people WHERE email = %(email)s
