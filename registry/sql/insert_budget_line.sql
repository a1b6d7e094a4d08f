INSERT INTO budget_lines (mission_id, action_id, year, planned_eur, committed_eur, spent_eur)
VALUES (%(mission_id)s, %(action_id)s, %(year)s, %(planned_eur)s, %(committed_eur)s,
        %(spent_eur)s)
