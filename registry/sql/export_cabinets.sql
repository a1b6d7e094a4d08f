-- A territory's control cabinets as cabinets.csv holds them.
SELECT cc.code, d.code AS district, cc.latitude, cc.longitude, cc.remote_controlled,
       cc.reporting_period_s
FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
