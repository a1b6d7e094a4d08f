-- Record the use of an alert e-mail's link; nothing when it was already used.
INSERT INTO web_used_links (token_sha256, purpose, alert_id, person_id, used_at)
VALUES (%(token_sha256)s, %(purpose)s, %(alert_id)s, %(person_id)s, %(now)s)
ON CONFLICT (token_sha256) DO NOTHING
RETURNING used_at
