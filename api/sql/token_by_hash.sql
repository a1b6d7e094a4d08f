-- The token with this hash, revoked or not; its use is recorded apart (touch_tokens.sql).
SELECT id, role, person_id, revoked_at IS NOT NULL AS revoked
FROM api_tokens
WHERE token_sha256 = %(token_sha256)s
