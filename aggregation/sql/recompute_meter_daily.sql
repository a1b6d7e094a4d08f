-- Recompute the local days of a territory's meters that hold an hour in [from, to): the sum of
-- the hours (consumption) or their coverage-weighted mean (instant meters).
WITH days AS (
    SELECT d::date AS day,
           (d::date)::timestamp AT TIME ZONE %(timezone)s AS day_start,
           (d::date + 1)::timestamp AT TIME ZONE %(timezone)s AS day_end
    FROM generate_series(
        (%(from)s::timestamptz AT TIME ZONE %(timezone)s)::date,
        ((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date,
        interval '1 day'
    ) AS g(d)
), meters_here AS (
    SELECT m.id, m.reading_kind
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
)
INSERT INTO meter_consumption_daily AS t (meter_id, day, value, coverage)
SELECT h.meter_id, days.day,
       CASE WHEN max(m.reading_kind) = 'instant'
            THEN sum(h.value * h.coverage) / nullif(sum(h.coverage), 0)
            ELSE sum(h.value) END,
       least(1.0, sum(h.coverage) / (extract(epoch FROM days.day_end - days.day_start) / 3600.0))
FROM days
JOIN meter_rollups_hourly h ON h.hour_start >= days.day_start AND h.hour_start < days.day_end
JOIN meters_here m ON m.id = h.meter_id
GROUP BY h.meter_id, days.day, days.day_start, days.day_end
HAVING sum(h.coverage) > 0
ON CONFLICT (meter_id, day) DO UPDATE
SET value = excluded.value, coverage = excluded.coverage, computed_at = now()
WHERE (t.value, t.coverage) IS DISTINCT FROM (excluded.value, excluded.coverage)
