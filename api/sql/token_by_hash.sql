-- The token with this hash, revoked or expired or not; its use is recorded apart (touch_tokens.sql).
SELECT id, role, person_id, revoked_at IS NOT NULL AS revoked, expires_at,
       expires_at IS NOT NULL AND expires_at <= now() AS expired
FROM api_tokens
WHERE token_sha256 = %(token_sha256)s
