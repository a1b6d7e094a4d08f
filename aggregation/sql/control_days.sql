-- The daily energy (kWh) of an action's control group and the share of its point-days the data
-- cover (points without a rollup that day count as uncovered), over [from, to).
WITH scope_points AS (
    SELECT light_point_id AS id FROM action_scope_light_points
    WHERE action_id = %(action_id)s AND role = 'control'
), n AS (
    SELECT count(*) AS points FROM scope_points
)
SELECT r.day, sum(r.energy_wh) / 1000.0, sum(r.coverage) / n.points
FROM lamp_rollups_daily r
JOIN scope_points p ON p.id = r.light_point_id
CROSS JOIN n
WHERE r.day >= %(from)s AND r.day < %(to)s
GROUP BY r.day, n.points
ORDER BY r.day
