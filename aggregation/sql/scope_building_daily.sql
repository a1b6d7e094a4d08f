-- Daily energy (kWh) of the buildings in an action's scope: electricity, gas and heat meters,
-- with the share of meter-days covered.
WITH scope_meters AS (
    SELECT m.id, CASE m.unit WHEN 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh
    FROM action_scopes s
    JOIN meters m ON m.building_id = s.building_id
    WHERE s.action_id = %(action_id)s AND s.role = %(role)s
      AND m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
), n AS (
    SELECT count(*) AS meters FROM scope_meters
)
SELECT c.day, sum(c.value * m.to_kwh) AS energy_kwh, sum(c.coverage) / n.meters AS coverage
FROM meter_consumption_daily c
JOIN scope_meters m ON m.id = c.meter_id
CROSS JOIN n
WHERE c.day >= %(from)s AND c.day < %(to)s
GROUP BY c.day, n.meters
ORDER BY c.day
