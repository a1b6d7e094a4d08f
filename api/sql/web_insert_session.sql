-- A new session of a person in one of their roles.
INSERT INTO web_sessions (token_sha256, person_id, role, csrf_token, created_at, last_seen_at,
                          expires_at)
SELECT %(token_sha256)s, %(person_id)s, %(role)s, %(csrf_token)s, %(now)s, %(now)s,
       %(expires_at)s
WHERE EXISTS (SELECT 1 FROM person_roles WHERE person_id = %(person_id)s AND role = %(role)s)
RETURNING id
