-- Daily energy (kWh) of the territory's buildings subject to the décret tertiaire over
-- [from, to), with the share of meter-days covered.
WITH scope_meters AS (
    SELECT m.id, CASE m.unit WHEN 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
      AND m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
)
SELECT d.day, sum(d.value * m.to_kwh), sum(d.coverage) / (SELECT count(*) FROM scope_meters)
FROM meter_consumption_daily d
JOIN scope_meters m ON m.id = d.meter_id
WHERE d.day >= %(from)s AND d.day < %(to)s
GROUP BY d.day
ORDER BY d.day
