-- Alerts first seen in [from, to) of a territory's policy, a mission or an action, counted by
-- severity and state.
SELECT a.severity, a.state, count(*) AS alerts
FROM alerts a
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN missions m ON m.id = ac.mission_id
WHERE a.territory_id = %(territory_id)s
  AND a.first_seen >= %(from)s AND a.first_seen < %(to)s
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
  AND (%(action)s::text IS NULL OR ac.code = %(action)s)
GROUP BY a.severity, a.state
