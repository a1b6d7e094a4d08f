-- The token with this hash, revoked or expired or not, with the ids of its territories; its use
-- is recorded apart (touch_tokens.sql).
SELECT k.id, k.role, k.person_id, k.revoked_at IS NOT NULL AS revoked, k.expires_at,
       k.expires_at IS NOT NULL AND k.expires_at <= now() AS expired,
       ARRAY(SELECT s.territory_id FROM token_territories s WHERE s.token_id = k.id)
           AS territory_ids
FROM api_tokens k
WHERE k.token_sha256 = %(token_sha256)s
