-- The territory a session's pages show from now on (one its person may see: checked before).
UPDATE web_sessions SET territory_id = %(territory_id)s WHERE id = %(id)s
