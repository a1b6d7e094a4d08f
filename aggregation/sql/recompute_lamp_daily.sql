-- Recompute the local days of a territory's light points that hold an hour in [from, to), from
-- the hourly rollups. A day's coverage is its covered hours over its length (23, 24 or 25 h).
WITH days AS (
    SELECT d::date AS day,
           (d::date)::timestamp AT TIME ZONE %(timezone)s AS day_start,
           (d::date + 1)::timestamp AT TIME ZONE %(timezone)s AS day_end
    FROM generate_series(
        (%(from)s::timestamptz AT TIME ZONE %(timezone)s)::date,
        ((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date,
        interval '1 day'
    ) AS g(d)
), points AS (
    SELECT lp.id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
)
INSERT INTO lamp_rollups_daily AS t (light_point_id, day, energy_wh, coverage)
SELECT h.light_point_id, days.day, sum(h.energy_wh),
       least(1.0, sum(h.coverage) / (extract(epoch FROM days.day_end - days.day_start) / 3600.0))
FROM days
JOIN lamp_rollups_hourly h
    ON h.hour_start >= days.day_start AND h.hour_start < days.day_end
JOIN points p ON p.id = h.light_point_id
GROUP BY h.light_point_id, days.day, days.day_start, days.day_end
ON CONFLICT (light_point_id, day) DO UPDATE
SET energy_wh = excluded.energy_wh, coverage = excluded.coverage, computed_at = now()
WHERE (t.energy_wh, t.coverage) IS DISTINCT FROM (excluded.energy_wh, excluded.coverage)
