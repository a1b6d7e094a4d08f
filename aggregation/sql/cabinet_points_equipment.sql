-- The equipment history of every light point fed by the given cabinets (in an action's scope or
-- not), for the rows in place during [from, to).
SELECT e.light_point_id, lp.cabinet_id, e.valid_from, e.valid_to, e.technology,
       e.nominal_power_w * (1 + e.ballast_loss_pct / 100.0) AS system_w, e.remote_controlled
FROM light_points lp
JOIN light_point_equipment e ON e.light_point_id = lp.id
WHERE lp.cabinet_id = ANY(%(cabinets)s)
  AND daterange(e.valid_from, e.valid_to) && daterange(%(from)s::date, %(to)s::date)
ORDER BY e.light_point_id, e.valid_from
