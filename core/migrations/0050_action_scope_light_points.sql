-- The light points an action's scope names, whether by district, cabinet or point, with the
-- role of the scope row (treated or control): one definition for every query that needs them.

CREATE VIEW action_scope_light_points AS
SELECT s.action_id, s.role, lp.id AS light_point_id
FROM action_scopes s JOIN light_points lp ON lp.district_id = s.district_id
UNION
SELECT s.action_id, s.role, lp.id
FROM action_scopes s JOIN light_points lp ON lp.cabinet_id = s.cabinet_id
UNION
SELECT s.action_id, s.role, s.light_point_id
FROM action_scopes s WHERE s.light_point_id IS NOT NULL;
