-- What is committed and spent on an action in a year; the planned amount stays as it was.
INSERT INTO budget_lines (mission_id, action_id, year, committed_eur, spent_eur)
VALUES (%(mission_id)s, %(action_id)s, %(year)s, %(committed_eur)s, %(spent_eur)s)
ON CONFLICT (mission_id, action_id, year) DO UPDATE
SET committed_eur = excluded.committed_eur, spent_eur = excluded.spent_eur
RETURNING year, planned_eur, committed_eur, spent_eur
