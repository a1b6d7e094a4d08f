-- Analyses and recommendations of a territory, on a mission or an action, newest first.
SELECT an.id, an.kind, an.written_on, coalesce(m.code, am.code) AS mission_code,
       a.code AS action_code, an.author_id, p.name AS author_name, an.body, an.window_start,
       an.window_end, an.created_at, an.updated_at
FROM analyses an
LEFT JOIN missions m ON m.id = an.mission_id
LEFT JOIN actions a ON a.id = an.action_id
LEFT JOIN missions am ON am.id = a.mission_id
LEFT JOIN people p ON p.id = an.author_id
JOIN policies po ON po.id = coalesce(m.policy_id, am.policy_id)
WHERE po.territory_id = %(territory_id)s
  AND (%(id)s::integer IS NULL OR an.id = %(id)s)
  AND (%(mission)s::text IS NULL OR coalesce(m.code, am.code) = %(mission)s)
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
  AND (%(after)s::integer IS NULL OR an.id < %(after)s)
ORDER BY an.id DESC
LIMIT %(limit)s
