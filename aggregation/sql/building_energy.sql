-- Per period: energy (kWh) of the territory's buildings (or an action's), their floor area,
-- and the share of meter-days covered.
WITH buckets AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS b(period_start, period_end)
), scope_buildings AS (
    SELECT b.id, b.floor_area_m2
    FROM buildings b
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND (%(action_id)s::integer IS NULL OR b.id IN (
          SELECT s.building_id FROM action_scopes s
          WHERE s.action_id = %(action_id)s AND s.role = 'treated'))
), scope_meters AS (
    SELECT m.id, CASE m.unit WHEN 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh
    FROM meters m JOIN scope_buildings b ON b.id = m.building_id
    WHERE m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
), energy AS (
    SELECT date_trunc(%(period)s, c.day)::date AS period_start,
           sum(c.value * m.to_kwh) AS energy_kwh, sum(c.coverage) AS covered
    FROM meter_consumption_daily c
    JOIN scope_meters m ON m.id = c.meter_id
    WHERE c.day >= %(first)s AND c.day < %(last)s
    GROUP BY 1
)
SELECT b.period_start, coalesce(e.energy_kwh, 0),
       coalesce(e.covered, 0)
           / nullif((SELECT count(*) FROM scope_meters) * (b.period_end - b.period_start), 0),
       (SELECT sum(floor_area_m2) FROM scope_buildings)
FROM buckets b
LEFT JOIN energy e ON e.period_start = b.period_start
ORDER BY b.period_start
