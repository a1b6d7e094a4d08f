-- Bearer tokens expire: a token made by `vigie token create` lives VIGIE_TOKEN_TTL_DAYS (or
-- --days). Tokens made before this migration, which had no end, live 90 more days from now.

ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;

UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE revoked_at IS NULL;

ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expiry_check
    CHECK (expires_at IS NULL OR expires_at > created_at);
