-- Whether a scope row names a drawn area ('area') or an asset by its code ('code').
SELECT CASE WHEN area_id IS NOT NULL THEN 'area' ELSE 'code' END
FROM action_scopes WHERE id = %(scope_id)s
