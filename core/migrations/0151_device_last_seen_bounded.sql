-- reporting.device_last_seen looks for each device's newest reading in the last week first, and
-- through its whole history only for a device silent longer. On plain PostgreSQL the readings
-- are partitioned by time with a default partition (0150): a newest-reading lookup without a
-- time bound probes the index of every partition (921 ms against 38 ms per 2,000 lamps over
-- 160 weekly partitions), one bounded to a week probes the week's. The answer is the same.

CREATE OR REPLACE VIEW reporting.device_last_seen WITH (security_barrier) AS
SELECT 'lamp' AS kind, lp.code, d.code AS district_code, NULL::text AS building_code,
       lp.reporting_period_s, last.ts AS last_ts, t.code AS territory
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN LATERAL (
    SELECT coalesce(
        (SELECT r.ts FROM lamp_readings r
         WHERE r.light_point_id = lp.id AND r.ts > now() - interval '7 days'
         ORDER BY r.ts DESC LIMIT 1),
        (SELECT r.ts FROM lamp_readings r
         WHERE r.light_point_id = lp.id ORDER BY r.ts DESC LIMIT 1)) AS ts
) last ON true
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
UNION ALL
SELECT 'meter', m.code, d.code, b.code, m.reporting_period_s, last.ts, t.code
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
LEFT JOIN districts d ON d.id = b.district_id
LEFT JOIN LATERAL (
    SELECT coalesce(
        (SELECT r.ts FROM meter_readings r
         WHERE r.meter_id = m.id AND r.ts > now() - interval '7 days'
         ORDER BY r.ts DESC LIMIT 1),
        (SELECT r.ts FROM meter_readings r
         WHERE r.meter_id = m.id ORDER BY r.ts DESC LIMIT 1)) AS ts
) last ON true
WHERE m.removed_on IS NULL
  AND c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);
