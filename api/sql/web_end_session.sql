-- Sign out: the session ends now.
UPDATE web_sessions SET ended_at = %(now)s WHERE id = %(id)s AND ended_at IS NULL
