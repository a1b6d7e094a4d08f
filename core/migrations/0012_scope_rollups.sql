-- Rollups by building (its energy meters, in kWh) and by action scope (treated or control light
-- points), as views on the rollup tables, so dashboards read them like the others.

CREATE VIEW building_consumption_daily AS
SELECT m.building_id, m.quantity, c.day,
       sum(c.value * CASE m.unit WHEN 'Wh' THEN 0.001 ELSE 1.0 END) AS energy_kwh,
       avg(c.coverage) AS coverage
FROM meter_consumption_daily c
JOIN meters m ON m.id = c.meter_id
WHERE m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
GROUP BY m.building_id, m.quantity, c.day;

CREATE VIEW action_scope_points AS
SELECT s.action_id, s.role, lp.id AS light_point_id
FROM action_scopes s
JOIN light_points lp ON lp.district_id = s.district_id
UNION
SELECT s.action_id, s.role, lp.id
FROM action_scopes s
JOIN light_points lp ON lp.cabinet_id = s.cabinet_id
UNION
SELECT s.action_id, s.role, s.light_point_id
FROM action_scopes s
WHERE s.light_point_id IS NOT NULL;

CREATE VIEW action_scope_rollups_daily AS
SELECT p.action_id, p.role, r.day, sum(r.energy_wh) / 1000.0 AS energy_kwh,
       sum(r.coverage) / max(n.points) AS coverage
FROM action_scope_points p
JOIN lamp_rollups_daily r ON r.light_point_id = p.light_point_id
JOIN (SELECT action_id, role, count(*) AS points FROM action_scope_points
      GROUP BY action_id, role) n ON n.action_id = p.action_id AND n.role = p.role
GROUP BY p.action_id, p.role, r.day;
