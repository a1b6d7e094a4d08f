-- Control cabinets of a territory.
SELECT cc.code, cc.remote_controlled, cc.reporting_period_s
FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
WHERE c.territory_id = %(territory_id)s
ORDER BY cc.id
