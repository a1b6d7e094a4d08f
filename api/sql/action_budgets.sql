-- An action's budget lines by year.
SELECT year, planned_eur, committed_eur, spent_eur
FROM budget_lines
WHERE action_id = %(action_id)s
ORDER BY year
