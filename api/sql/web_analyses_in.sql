-- Analyses and recommendations written in [from, to] on a mission (and its actions), an action,
-- or anywhere in the territory's policy, oldest first.
SELECT an.kind, an.written_on, an.body, an.window_start, an.window_end, p.name AS author_name,
       m.code AS mission_code, a.code AS action_code
FROM analyses an
LEFT JOIN actions a ON a.id = an.action_id
JOIN missions m ON m.id = coalesce(an.mission_id, a.mission_id)
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people p ON p.id = an.author_id
WHERE po.territory_id = %(territory_id)s
  AND an.written_on BETWEEN %(from)s AND %(to)s
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
ORDER BY an.written_on, an.id
