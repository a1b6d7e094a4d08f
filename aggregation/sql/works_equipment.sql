-- The equipment history of the light points an action's scope (treated or control) names, each
-- row with its system power (lamp plus gear losses, W) and whether a controller meters it, for
-- the rows in place during [from, to).
SELECT e.light_point_id, lp.cabinet_id, e.valid_from, e.valid_to, e.technology,
       e.nominal_power_w * (1 + e.ballast_loss_pct / 100.0) AS system_w, e.remote_controlled
FROM action_scope_light_points s
JOIN light_points lp ON lp.id = s.light_point_id
JOIN light_point_equipment e ON e.light_point_id = s.light_point_id
WHERE s.action_id = %(action_id)s AND s.role = %(role)s
  AND daterange(e.valid_from, e.valid_to) && daterange(%(from)s::date, %(to)s::date)
ORDER BY e.light_point_id, e.valid_from
