-- A new token: only its hash is kept, with the territories it may see (by code).
WITH token AS (
    INSERT INTO api_tokens (token_sha256, prefix, role, person_id, label, expires_at)
    VALUES (%(token_sha256)s, %(prefix)s, %(role)s, %(person_id)s, %(label)s, %(expires_at)s)
    RETURNING id
),
scoped AS (
    INSERT INTO token_territories (token_id, territory_id)
    SELECT token.id, t.id FROM token, territories t WHERE t.code = ANY(%(territories)s::text[])
)
SELECT id FROM token
