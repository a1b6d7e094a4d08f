-- A hole in a meter's series: two consecutive readings, the later one inside the window, more
-- than max(%(gap_max_s)s s, %(gap_periods)s reporting periods) apart. False when the window's
-- readings follow each other normally.
WITH touched AS (
    SELECT DISTINCT meter_id
    FROM meter_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
series AS (
    SELECT m.id, m.code, m.building_id, m.reporting_period_s, r.ts,
           lag(r.ts) OVER (PARTITION BY m.id ORDER BY r.ts) AS previous_ts
    FROM touched t
    JOIN meters m ON m.id = t.meter_id
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND r.ts >= %(window_start)s::timestamptz - make_interval(days => 7)
      AND r.ts <= %(window_end)s
),
gaps AS (
    SELECT id, code, building_id,
           max(ts - previous_ts) FILTER (WHERE ts >= %(window_start)s) AS longest,
           max(previous_ts) FILTER (WHERE ts >= %(window_start)s
               AND ts - previous_ts > make_interval(secs => greatest(
                   %(gap_max_s)s, reporting_period_s * %(gap_periods)s))) AS gap_from,
           max(reporting_period_s) AS period_s
    FROM series
    GROUP BY id, code, building_id
)
SELECT id AS subject_id,
       (gap_from IS NOT NULL) AS firing,
       NULL::text AS severity,
       'building:' || building_id AS group_key,
       jsonb_build_object('code', code, 'longest_gap_s', extract(epoch FROM longest)::integer,
                          'gap_from', gap_from) AS details
FROM gaps
WHERE longest IS NOT NULL
