-- A territory's light points as lightpoints.csv holds them, each with its latest equipment
-- from the day it was put in place.
SELECT DISTINCT ON (lp.code)
       lp.code, d.code AS district, cc.code AS cabinet, lp.latitude, lp.longitude, lp.street,
       e.technology, e.nominal_power_w::text AS nominal_power_w,
       e.ballast_loss_pct::text AS ballast_loss_pct, e.lantern_installed_on,
       e.lamp_installed_on, e.rated_life_h, e.controller_id, e.remote_controlled, e.dimmable,
       e.valid_from
FROM light_points lp
JOIN light_point_equipment e ON e.light_point_id = lp.id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN control_cabinets cc ON cc.id = lp.cabinet_id
WHERE t.code = %(territory)s
ORDER BY lp.code, e.valid_from DESC
