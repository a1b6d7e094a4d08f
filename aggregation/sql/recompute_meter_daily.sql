-- Recompute the local days of a territory's meters that hold an hour in [from, to): the sum of
-- the hours (consumption) or their coverage-weighted mean (instant meters).
WITH bounds AS (
    SELECT ((%(from)s::timestamptz AT TIME ZONE %(timezone)s)::date)::timestamp
               AT TIME ZONE %(timezone)s AS first_start,
           (((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date + 1)
               ::timestamp AT TIME ZONE %(timezone)s AS last_end
), meters_here AS (
    SELECT m.id, m.reading_kind
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
), days AS (
    SELECT h.meter_id, (h.hour_start AT TIME ZONE %(timezone)s)::date AS day,
           CASE WHEN max(m.reading_kind) = 'instant'
                THEN sum(h.value * h.coverage) / nullif(sum(h.coverage), 0)
                ELSE sum(h.value) END AS value,
           sum(h.coverage) AS covered_h
    FROM meter_rollups_hourly h
    JOIN meters_here m ON m.id = h.meter_id
    CROSS JOIN bounds b
    WHERE h.hour_start >= b.first_start AND h.hour_start < b.last_end
    GROUP BY h.meter_id, (h.hour_start AT TIME ZONE %(timezone)s)::date
    HAVING sum(h.coverage) > 0
)
INSERT INTO meter_consumption_daily AS t (meter_id, day, value, coverage)
SELECT meter_id, day, value,
       least(1.0, covered_h / (extract(epoch FROM ((day + 1)::timestamp AT TIME ZONE %(timezone)s)
                                               - (day::timestamp AT TIME ZONE %(timezone)s))
                               / 3600.0))
FROM days
ON CONFLICT (meter_id, day) DO UPDATE
SET value = excluded.value, coverage = excluded.coverage, computed_at = now()
WHERE (t.value, t.coverage) IS DISTINCT FROM (excluded.value, excluded.coverage)
