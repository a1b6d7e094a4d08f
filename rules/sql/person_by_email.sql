SELECT id FROM people WHERE lower(email) = lower(%(email)s)
