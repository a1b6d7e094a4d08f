-- A sign-in link that can still be used, with its person's name and roles.
SELECT l.person_id, p.name, l.next_path,
       ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles
FROM web_sign_in_links l
JOIN people p ON p.id = l.person_id
WHERE l.token_sha256 = %(token_sha256)s AND l.used_at IS NULL AND l.expires_at > %(now)s
