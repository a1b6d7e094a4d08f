-- The budget lines of a territory's missions and actions, as budget records.
SELECT m.code AS mission, a.code AS action, b.year, b.planned_eur, b.committed_eur, b.spent_eur,
       b.mission_id, b.action_id, po.code AS policy_code
FROM budget_lines b
JOIN missions m ON m.id = b.mission_id
JOIN policies po ON po.id = m.policy_id
LEFT JOIN actions a ON a.id = b.action_id
WHERE po.territory_id = %(territory_id)s
  AND (%(action_id)s::integer IS NULL OR b.action_id = %(action_id)s)
ORDER BY m.code, a.code NULLS FIRST, b.year
