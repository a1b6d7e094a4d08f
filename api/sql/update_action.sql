-- An action's status and milestones, as a whole.
UPDATE actions
SET status = %(status)s, planned_start = %(planned_start)s, planned_end = %(planned_end)s,
    actual_start = %(actual_start)s, actual_end = %(actual_end)s
WHERE id = %(action_id)s
