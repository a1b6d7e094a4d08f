-- A new token: only its hash is kept.
INSERT INTO api_tokens (token_sha256, prefix, role, person_id, label, expires_at)
VALUES (%(token_sha256)s, %(prefix)s, %(role)s, %(person_id)s, %(label)s, %(expires_at)s)
RETURNING id
