-- Light points of a territory with their cabinet and whole equipment history, oldest first.
SELECT lp.id, lp.code, cc.code AS cabinet, lp.reporting_period_s,
       e.valid_from, e.valid_to, e.technology, e.nominal_power_w, e.ballast_loss_pct,
       e.lamp_installed_on, e.rated_life_h, e.remote_controlled, e.dimmable
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
LEFT JOIN control_cabinets cc ON cc.id = lp.cabinet_id
JOIN light_point_equipment e ON e.light_point_id = lp.id
WHERE c.territory_id = %(territory_id)s
ORDER BY lp.id, e.valid_from
