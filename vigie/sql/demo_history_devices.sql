-- For each of a territory's actions with a scope, the day its works started (or are planned to)
-- and the devices its effects read: the cabinets feeding the light points of its scopes
-- (treated or control) and the meters of the buildings it names.
WITH scoped AS (
    SELECT a.id, a.code, coalesce(a.actual_start, a.planned_start) AS works_start
    FROM actions a
    JOIN missions m ON m.id = a.mission_id
    JOIN policies p ON p.id = m.policy_id
    JOIN territories t ON t.id = p.territory_id
    WHERE t.code = %(territory)s
      AND EXISTS (SELECT 1 FROM action_scopes s WHERE s.action_id = a.id)
)
SELECT s.code, s.works_start,
       ARRAY(
           SELECT DISTINCT cab.code
           FROM action_scope_light_points sp
           JOIN light_points lp ON lp.id = sp.light_point_id
           JOIN control_cabinets cab ON cab.id = lp.cabinet_id
           WHERE sp.action_id = s.id
           UNION
           SELECT DISTINCT mt.code
           FROM action_scopes sc
           JOIN meters mt ON mt.building_id = sc.building_id
           WHERE sc.action_id = s.id
           ORDER BY 1
       ) AS devices
FROM scoped s
ORDER BY s.works_start NULLS LAST, s.code
