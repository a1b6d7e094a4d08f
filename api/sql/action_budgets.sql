-- An action's budget lines by year; the action by its code (unique in the installation).
SELECT b.year, b.planned_eur, b.committed_eur, b.spent_eur
FROM budget_lines b
JOIN actions a ON a.id = b.action_id
WHERE a.code = %(action)s
ORDER BY b.year
