-- For every indicator of a territory's actions and missions that has a target: its unit,
-- parameters (a grading tolerance among them), latest value, the coverage and age of that
-- value, and the target that applies on a date (the next one, else the last one).
SELECT i.action_id, i.mission_id, i.title, i.kind, i.unit, i.direction, i.parameters,
       i.baseline_value, i.baseline_on, v.value, v.coverage, v.recorded_at, t.target_on,
       t.value AS target
FROM indicators i
LEFT JOIN actions a ON a.id = i.action_id
JOIN missions m ON m.id = coalesce(i.mission_id, a.mission_id)
JOIN policies p ON p.id = m.policy_id
JOIN LATERAL (
    SELECT target_on, value FROM indicator_targets
    WHERE indicator_id = i.id
    ORDER BY (target_on >= %(on)s) DESC,
             CASE WHEN target_on >= %(on)s THEN target_on END ASC,
             target_on DESC
    LIMIT 1
) t ON true
LEFT JOIN LATERAL (
    SELECT value, coverage, recorded_at FROM indicator_values
    WHERE indicator_id = i.id AND period_start <= %(on)s
    ORDER BY period_start DESC, CASE period WHEN 'year' THEN 0 WHEN 'month' THEN 1 ELSE 2 END
    LIMIT 1
) v ON true
WHERE p.territory_id = %(territory_id)s
ORDER BY i.code
