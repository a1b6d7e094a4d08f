-- Every sodium (HPS) point of the territory today, for the transition plan: where it is
-- (district, cabinet, street), its power and ballast losses, the lamp's rated life, when the
-- lamp (else the lantern, else the equipment) was fitted, and the controller's latest burning-
-- hour counter of the last %(counter_lookback_days)s days, if any.
SELECT lp.code, d.code AS district, cc.code AS cabinet, lp.street, lp.nominal_power_w,
       lp.ballast_loss_pct, coalesce(lp.rated_life_h, %(default_rated_life_h)s) AS rated_h,
       coalesce(lp.lamp_installed_on, lp.lantern_installed_on, lp.equipped_on) AS lamp_since,
       lp.lantern_installed_on,
       (SELECT r.lamp_operating_hours FROM lamp_readings r
        WHERE r.light_point_id = lp.id AND r.lamp_operating_hours IS NOT NULL
          AND r.ts > %(now)s::timestamptz - make_interval(days => %(counter_lookback_days)s)
          AND r.ts <= %(now)s
        ORDER BY r.ts DESC LIMIT 1) AS counter_h
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN control_cabinets cc ON cc.id = lp.cabinet_id
WHERE t.code = %(territory)s AND lp.technology = 'HPS'
ORDER BY lp.code
