-- The targets of a territory's indicators, as target records, with the policy they belong to.
SELECT i.code AS indicator, t.target_on, t.value, t.indicator_id, owner.code AS policy_code
FROM indicator_targets t
JOIN indicators i ON i.id = t.indicator_id
LEFT JOIN missions m ON m.id = i.mission_id
LEFT JOIN actions a ON a.id = i.action_id
LEFT JOIN missions am ON am.id = a.mission_id
JOIN policies owner ON owner.id = coalesce(i.policy_id, m.policy_id, am.policy_id)
WHERE owner.territory_id = %(territory_id)s
  AND (%(indicator_id)s::integer IS NULL OR t.indicator_id = %(indicator_id)s)
ORDER BY i.code, t.target_on
