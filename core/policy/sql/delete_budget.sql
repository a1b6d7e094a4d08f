-- Remove a budget line; no row when there was none.
DELETE FROM budget_lines
WHERE mission_id = %(mission_id)s AND action_id IS NOT DISTINCT FROM %(action_id)s::integer
  AND year = %(year)s
RETURNING id
