-- A territory's meters as meters.csv holds them: its buildings' meters and its cabinets'.
SELECT m.code, b.code AS building, NULL AS cabinet, m.quantity, m.unit, m.reading_kind,
       m.register_max, m.reporting_period_s, m.installed_on, m.removed_on
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
UNION ALL
SELECT cc.meter_code, NULL, cc.code, 'electricity', 'kWh', 'cumulative',
       cc.meter_register_max_kwh, NULL, NULL, NULL
FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s AND cc.meter_code IS NOT NULL
