-- Recompute the lighting days of a territory's districts for the local days that hold an hour in
-- [from, to), from their light points' daily rollups (run right after recompute_lamp_daily, in
-- the same transaction): energy, covered light-point-days and the points that reported.
WITH bounds AS (
    SELECT (%(from)s::timestamptz AT TIME ZONE %(timezone)s)::date AS first_day,
           ((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date
               AS last_day
), points AS (
    SELECT lp.id, lp.district_id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
)
INSERT INTO district_lamp_daily AS t (district_id, day, energy_wh, covered_point_days, points)
SELECT p.district_id, r.day, sum(r.energy_wh), sum(r.coverage::float8), count(*)
FROM lamp_rollups_daily r
JOIN points p ON p.id = r.light_point_id
CROSS JOIN bounds b
WHERE r.day BETWEEN b.first_day AND b.last_day
GROUP BY p.district_id, r.day
ON CONFLICT (district_id, day) DO UPDATE
SET energy_wh = excluded.energy_wh, covered_point_days = excluded.covered_point_days,
    points = excluded.points, computed_at = now()
WHERE (t.energy_wh, t.covered_point_days, t.points)
      IS DISTINCT FROM (excluded.energy_wh, excluded.covered_point_days, excluded.points)
