-- Remove an indicator's target for a date; no row when there was none.
DELETE FROM indicator_targets
WHERE indicator_id = %(indicator_id)s AND target_on = %(target_on)s
RETURNING indicator_id
