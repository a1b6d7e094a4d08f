-- The token with this hash, revoked or not; its last use is recorded at most once a minute.
WITH found AS (
    SELECT id, role, person_id, revoked_at, last_used_at FROM api_tokens
    WHERE token_sha256 = %(token_sha256)s
),
touched AS (
    UPDATE api_tokens t SET last_used_at = now()
    FROM found
    WHERE t.id = found.id AND found.revoked_at IS NULL
      AND (found.last_used_at IS NULL OR found.last_used_at < now() - interval '60 seconds')
)
SELECT id, role, person_id, revoked_at IS NOT NULL AS revoked FROM found
