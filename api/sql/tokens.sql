-- Every token, newest first, with its person's e-mail.
SELECT t.id, t.prefix, t.role, p.email, t.label, t.created_at, t.revoked_at, t.last_used_at,
       t.expires_at
FROM api_tokens t
LEFT JOIN people p ON p.id = t.person_id
ORDER BY t.id DESC
