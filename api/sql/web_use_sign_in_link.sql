-- Use a sign-in link once: its person and where to go, or nothing when it is used or expired.
UPDATE web_sign_in_links SET used_at = %(now)s
WHERE token_sha256 = %(token_sha256)s AND used_at IS NULL AND expires_at > %(now)s
RETURNING person_id, next_path
