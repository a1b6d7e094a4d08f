-- A new sign-in link: only the SHA-256 of its secret is kept.
INSERT INTO web_sign_in_links (token_sha256, person_id, next_path, created_at, expires_at)
VALUES (%(token_sha256)s, %(person_id)s, %(next_path)s, %(now)s, %(expires_at)s)
RETURNING id
