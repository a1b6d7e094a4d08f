-- Electricity used while a building is closed (weekends, and weekdays before %(open_hour)s h
-- or from %(close_hour)s h, local time): the mean out-of-hours power of the recent week
-- [recent_start, recent_end) against the median of the weekly means of the weeks
-- [baseline_start, recent_start). Fires above %(ratio)s times that median and more than
-- %(min_excess_kw)s kW over it; clears below halfway. Null without %(min_weeks)s weeks.
WITH energy_meters AS (
    SELECT m.id, m.code, m.building_id, m.reading_kind,
           CASE WHEN m.unit = 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND m.quantity = 'electricity'
      AND m.unit IN ('kWh', 'Wh')
),
readings AS (
    SELECT e.id, r.ts, r.ts AT TIME ZONE %(timezone)s AS local_ts,
           CASE WHEN e.reading_kind = 'cumulative'
                THEN greatest(r.value - lag(r.value) OVER w, 0)
                ELSE r.value END * e.to_kwh AS kwh,
           extract(epoch FROM r.ts - lag(r.ts) OVER w) / 3600.0 AS hours
    FROM energy_meters e
    JOIN meter_readings r ON r.meter_id = e.id
    WHERE r.ts >= %(baseline_start)s AND r.ts < %(recent_end)s
    WINDOW w AS (PARTITION BY e.id ORDER BY r.ts)
),
closed AS (
    SELECT id, floor(extract(epoch FROM %(recent_end)s::timestamptz - ts) / 604800) AS weeks_ago,
           kwh, hours
    FROM readings
    WHERE hours > 0 AND hours < 6
      AND (extract(isodow FROM local_ts) >= 6
           OR extract(hour FROM local_ts) < %(open_hour)s
           OR extract(hour FROM local_ts) >= %(close_hour)s)
),
weekly AS (
    SELECT id, weeks_ago, sum(kwh) / sum(hours) AS kw
    FROM closed
    GROUP BY id, weeks_ago
),
stats AS (
    SELECT id,
           max(kw) FILTER (WHERE weeks_ago = 0) AS recent_kw,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY kw) FILTER (WHERE weeks_ago > 0)
               AS usual_kw,
           count(*) FILTER (WHERE weeks_ago > 0) AS weeks
    FROM weekly
    GROUP BY id
)
SELECT e.id AS subject_id,
       CASE WHEN s.weeks < %(min_weeks)s OR s.recent_kw IS NULL THEN NULL
            WHEN s.recent_kw > %(ratio)s * s.usual_kw
                 AND s.recent_kw - s.usual_kw > %(min_excess_kw)s THEN true
            WHEN s.recent_kw <= (1 + (%(ratio)s - 1) / 2) * s.usual_kw
                 OR s.recent_kw - s.usual_kw <= %(min_excess_kw)s / 2 THEN false
       END AS firing,
       NULL::text AS severity,
       'building:' || e.building_id AS group_key,
       jsonb_build_object('code', e.code, 'recent_kw', round(s.recent_kw::numeric, 2),
                          'usual_kw', round(s.usual_kw::numeric, 2)) AS details
FROM energy_meters e
JOIN stats s ON s.id = e.id
