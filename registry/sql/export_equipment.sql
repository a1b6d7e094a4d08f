-- The equipment history of a territory's light points as equipment.csv holds it.
SELECT lp.code, e.valid_from, e.technology, e.nominal_power_w::text AS nominal_power_w,
       e.ballast_loss_pct::text AS ballast_loss_pct, e.lantern_installed_on,
       e.lamp_installed_on, e.rated_life_h, e.controller_id, e.remote_controlled, e.dimmable
FROM light_point_equipment e
JOIN light_points lp ON lp.id = e.light_point_id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
