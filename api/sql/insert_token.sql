-- A new token: only its hash is kept.
INSERT INTO api_tokens (token_sha256, prefix, role, person_id, label)
VALUES (%(token_sha256)s, %(prefix)s, %(role)s, %(person_id)s, %(label)s)
RETURNING id
