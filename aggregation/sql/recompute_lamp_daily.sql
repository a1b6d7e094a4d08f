-- Recompute the local days of a territory's light points that hold an hour in [from, to), from
-- the hourly rollups. A day's coverage is its covered hours over its length (23, 24 or 25 h).
WITH bounds AS (
    SELECT ((%(from)s::timestamptz AT TIME ZONE %(timezone)s)::date)::timestamp
               AT TIME ZONE %(timezone)s AS first_start,
           (((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date + 1)
               ::timestamp AT TIME ZONE %(timezone)s AS last_end
), points AS (
    SELECT lp.id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
), days AS (
    SELECT h.light_point_id, (h.hour_start AT TIME ZONE %(timezone)s)::date AS day,
           sum(h.energy_wh) AS energy_wh, sum(h.coverage) AS covered_h
    FROM lamp_rollups_hourly h
    JOIN points p ON p.id = h.light_point_id
    CROSS JOIN bounds b
    WHERE h.hour_start >= b.first_start AND h.hour_start < b.last_end
    GROUP BY h.light_point_id, (h.hour_start AT TIME ZONE %(timezone)s)::date
)
INSERT INTO lamp_rollups_daily AS t (light_point_id, day, energy_wh, coverage)
SELECT light_point_id, day, energy_wh,
       least(1.0, covered_h / (extract(epoch FROM ((day + 1)::timestamp AT TIME ZONE %(timezone)s)
                                               - (day::timestamp AT TIME ZONE %(timezone)s))
                               / 3600.0))
FROM days
ON CONFLICT (light_point_id, day) DO UPDATE
SET energy_wh = excluded.energy_wh, coverage = excluded.coverage, computed_at = now()
WHERE (t.energy_wh, t.coverage) IS DISTINCT FROM (excluded.energy_wh, excluded.coverage)
