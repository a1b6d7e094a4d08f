SELECT lp.code, lp.id, d.code AS district, c.code AS cabinet, lp.latitude, lp.longitude,
       lp.street, e.valid_from, e.technology, e.nominal_power_w, e.ballast_loss_pct,
       e.lantern_installed_on, e.lamp_installed_on, e.rated_life_h, e.controller_id,
       e.remote_controlled, e.dimmable
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
LEFT JOIN control_cabinets c ON c.id = lp.cabinet_id
LEFT JOIN light_point_equipment e ON e.light_point_id = lp.id AND e.valid_to IS NULL
