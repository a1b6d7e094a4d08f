-- The equipment history of the named light points, oldest first (a point with none: one row
-- of nulls).
SELECT lp.code, lp.id, e.valid_from, e.valid_to, e.technology, e.nominal_power_w,
       e.ballast_loss_pct, e.lantern_installed_on, e.lamp_installed_on, e.rated_life_h,
       e.controller_id, e.remote_controlled, e.dimmable
FROM light_points lp
LEFT JOIN light_point_equipment e ON e.light_point_id = lp.id
WHERE lp.code = ANY(%(codes)s)
ORDER BY lp.code, e.valid_from
