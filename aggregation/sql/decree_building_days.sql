-- Daily energy (kWh) of each building of a territory subject to the décret tertiaire over
-- [from, to), on the days every one of its energy meters (electricity, gas, heat in kWh or Wh)
-- covers for half the day or more; a meter's day covered in part counts pro rata
-- (value / coverage). A day one of its meters misses is no day of the building.
WITH building_meters AS (
    SELECT b.id AS building_id, m.id AS meter_id,
           CASE m.unit WHEN 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh,
           count(*) OVER (PARTITION BY b.id) AS meters
    FROM buildings b
    JOIN communes c ON c.id = b.commune_id
    JOIN meters m ON m.building_id = b.id
    WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
      AND m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
)
SELECT bm.building_id, d.day, sum(d.value * bm.to_kwh / d.coverage) AS kwh
FROM meter_consumption_daily d
JOIN building_meters bm ON bm.meter_id = d.meter_id
WHERE d.day >= %(from)s AND d.day < %(to)s AND d.coverage >= 0.5
GROUP BY bm.building_id, d.day, bm.meters
HAVING count(*) = bm.meters
ORDER BY bm.building_id, d.day
