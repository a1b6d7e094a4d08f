-- Indicator values for evaluators: one row per value with its indicator, method, period,
-- coverage, warnings and details; periods starting in [from, to).
SELECT i.code AS indicator_code, i.title AS indicator_title, i.kind AS indicator_kind,
       i.unit, i.direction, coalesce(m.code, am.code) AS mission_code, a.code AS action_code,
       v.period, v.period_start, v.value, v.source, v.method, v.method_version, v.coverage,
       v.warnings, v.details, v.recorded_at, v.value_low, v.value_high
FROM indicator_values v
JOIN indicators i ON i.id = v.indicator_id
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies po ON po.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
WHERE po.territory_id = %(territory_id)s
  AND v.period_start >= %(from)s AND v.period_start < %(to)s
  AND (%(period)s::text IS NULL OR v.period = %(period)s)
  AND (%(indicator)s::text IS NULL OR i.code = %(indicator)s)
ORDER BY i.code, v.period, v.period_start
