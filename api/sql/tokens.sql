-- Every token, newest first, with its person's e-mail and the codes of its territories.
SELECT t.id, t.prefix, t.role, p.email, t.label, t.created_at, t.revoked_at, t.last_used_at,
       t.expires_at,
       ARRAY(SELECT r.code FROM token_territories s JOIN territories r ON r.id = s.territory_id
             WHERE s.token_id = t.id ORDER BY r.code) AS territories
FROM api_tokens t
LEFT JOIN people p ON p.id = t.person_id
ORDER BY t.id DESC
