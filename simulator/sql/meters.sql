-- Building meters of a territory with what the simulation needs of their building.
SELECT m.code, m.quantity, m.unit, m.reading_kind, m.register_max, m.reporting_period_s,
       b.code AS building, b.category, b.floor_area_m2
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
WHERE c.territory_id = %(territory_id)s AND m.removed_on IS NULL
ORDER BY m.id
