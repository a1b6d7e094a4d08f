-- The euros of a mission's own line (no action) or an action's, for a year. Returns whether the
-- line is new; no row when nothing changes.
INSERT INTO budget_lines AS b (mission_id, action_id, year, planned_eur, committed_eur, spent_eur)
VALUES (%(mission_id)s, %(action_id)s, %(year)s, %(planned_eur)s, %(committed_eur)s,
        %(spent_eur)s)
ON CONFLICT (mission_id, action_id, year) DO UPDATE
SET planned_eur = excluded.planned_eur, committed_eur = excluded.committed_eur,
    spent_eur = excluded.spent_eur
WHERE (b.planned_eur, b.committed_eur, b.spent_eur)
      IS DISTINCT FROM (excluded.planned_eur, excluded.committed_eur, excluded.spent_eur)
RETURNING xmax = 0 AS created
