-- Daily energy (kWh) of the light points in an action's scope (treated or control) and the
-- share of point-days covered; points without a rollup that day count as uncovered.
WITH scope_points AS (
    SELECT lp.id FROM action_scopes s JOIN light_points lp ON lp.district_id = s.district_id
    WHERE s.action_id = %(action_id)s AND s.role = %(role)s
    UNION
    SELECT lp.id FROM action_scopes s JOIN light_points lp ON lp.cabinet_id = s.cabinet_id
    WHERE s.action_id = %(action_id)s AND s.role = %(role)s
    UNION
    SELECT s.light_point_id FROM action_scopes s
    WHERE s.action_id = %(action_id)s AND s.role = %(role)s AND s.light_point_id IS NOT NULL
), n AS (
    SELECT count(*) AS points FROM scope_points
)
SELECT r.day, sum(r.energy_wh) / 1000.0 AS energy_kwh, sum(r.coverage) / n.points AS coverage
FROM lamp_rollups_daily r
JOIN scope_points p ON p.id = r.light_point_id
CROSS JOIN n
WHERE r.day >= %(from)s AND r.day < %(to)s
GROUP BY r.day, n.points
ORDER BY r.day
