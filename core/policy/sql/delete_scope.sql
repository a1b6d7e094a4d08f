-- Remove one row of an action's scope; no row when the action has no such row.
DELETE FROM action_scopes WHERE id = %(scope_id)s AND action_id = %(action_id)s RETURNING id
