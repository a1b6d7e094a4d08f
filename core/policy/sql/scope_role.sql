-- The role of a scope row (treated or control).
SELECT role FROM action_scopes WHERE id = %(scope_id)s
