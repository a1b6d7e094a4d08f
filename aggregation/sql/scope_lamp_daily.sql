-- Daily energy (kWh) of the light points in an action's scope (treated or control) and the
-- share of point-days covered; points without a rollup that day count as uncovered.
WITH scope_points AS (
    SELECT light_point_id AS id FROM action_scope_light_points
    WHERE action_id = %(action_id)s AND role = %(role)s
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
