-- Per period: energy (kWh) of the light points in scope (an action's treated scope, else the
-- territory, optionally only districts with a known lit street length), the share of
-- point-days covered, and the lit street length of those districts.
WITH buckets AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS b(period_start, period_end)
), scope_points AS (
    SELECT lp.id, lp.district_id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND (NOT %(lit_only)s OR d.lit_street_km IS NOT NULL)
      AND (%(action_id)s::integer IS NULL OR lp.id IN (
          SELECT light_point_id FROM action_scope_light_points
          WHERE action_id = %(action_id)s AND role = 'treated'))
), size AS (
    SELECT count(*) AS points,
           (SELECT sum(d.lit_street_km) FROM districts d
            WHERE d.id IN (SELECT district_id FROM scope_points)) AS lit_km
    FROM scope_points
), energy AS (
    -- Periods are calendar days, months or years: one range scan, then each day to its period.
    SELECT date_trunc(%(period)s, r.day)::date AS period_start,
           sum(r.energy_wh) / 1000.0 AS energy_kwh, sum(r.coverage) AS covered
    FROM lamp_rollups_daily r
    JOIN scope_points p ON p.id = r.light_point_id
    WHERE r.day >= %(first)s AND r.day < %(last)s
    GROUP BY 1
)
SELECT b.period_start, coalesce(e.energy_kwh, 0),
       coalesce(e.covered, 0) / nullif(s.points * (b.period_end - b.period_start), 0),
       s.lit_km
FROM buckets b
CROSS JOIN size s
LEFT JOIN energy e ON e.period_start = b.period_start
ORDER BY b.period_start
