-- Indicators of a territory's policy tree, with the level and code of what they are attached to
-- and their targets by date; filtered by code, mission (its own and its actions'), action and
-- kind.
SELECT i.id, i.code, i.title, i.description, i.kind, i.unit, i.direction,
       CASE WHEN i.action_id IS NOT NULL THEN 'action'
            WHEN i.mission_id IS NOT NULL THEN 'mission' ELSE 'policy' END AS level,
       coalesce(m.code, am.code) AS mission_code, a.code AS action_code, a.pilot_id,
       i.computation, i.parameters, i.baseline_value, i.baseline_on,
       coalesce((SELECT json_agg(json_build_object('target_on', t.target_on, 'value', t.value)
                                 ORDER BY t.target_on)
                 FROM indicator_targets t WHERE t.indicator_id = i.id), '[]') AS targets
FROM indicators i
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies po ON po.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
WHERE po.territory_id = %(territory_id)s
  AND (%(code)s::text IS NULL OR i.code = %(code)s)
  AND (%(mission)s::text IS NULL OR coalesce(m.code, am.code) = %(mission)s)
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
  AND (%(kind)s::text IS NULL OR i.kind = %(kind)s)
  AND (%(after)s::text IS NULL OR i.code > %(after)s)
ORDER BY i.code
LIMIT %(limit)s
