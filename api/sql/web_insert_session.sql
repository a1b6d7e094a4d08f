-- A new session of a person in one of their roles, showing a territory of theirs if one is named.
INSERT INTO web_sessions (token_sha256, person_id, role, csrf_token, created_at, last_seen_at,
                          expires_at, territory_id)
SELECT %(token_sha256)s, %(person_id)s, %(role)s, %(csrf_token)s, %(now)s, %(now)s,
       %(expires_at)s,
       (SELECT t.territory_id FROM person_territories t
        WHERE t.person_id = %(person_id)s AND t.territory_id = %(territory_id)s)
WHERE EXISTS (SELECT 1 FROM person_roles WHERE person_id = %(person_id)s AND role = %(role)s)
RETURNING id
