-- The live session of a cookie: not ended, before its absolute expiry, seen within the idle
-- time, its person still holding its role; with the territories its person may see and the one
-- chosen. Its last sight is recorded at most once a minute.
WITH found AS (
    SELECT s.id, s.person_id, p.name, s.role, s.csrf_token, s.flash, s.last_seen_at,
           s.territory_id
    FROM web_sessions s
    JOIN people p ON p.id = s.person_id
    WHERE s.token_sha256 = %(token_sha256)s AND s.ended_at IS NULL AND s.expires_at > %(now)s
      AND s.last_seen_at > %(now)s::timestamptz - make_interval(mins => %(idle_min)s)
      AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = s.person_id AND r.role = s.role)
),
touched AS (
    UPDATE web_sessions s SET last_seen_at = %(now)s, flash = NULL
    FROM found
    WHERE s.id = found.id
      AND (found.flash IS NOT NULL OR found.last_seen_at < %(now)s::timestamptz - interval '60 s')
)
SELECT id, person_id, name, role, csrf_token, flash, territory_id,
       ARRAY(SELECT t.territory_id FROM person_territories t WHERE t.person_id = found.person_id)
           AS territory_ids
FROM found
