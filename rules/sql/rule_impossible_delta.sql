-- An impossible consumption step on a cumulative meter: inside the window, a rise per hour
-- above both %(max_rate_factor)s times the highest rate of the %(history_days)s days before the
-- window and the median plus %(iqr_factor)s interquartile ranges of those rates. Falls are the
-- rollover and reset rules' business. Null until %(min_history_days)s days of history exist.
WITH touched AS (
    SELECT DISTINCT meter_id
    FROM meter_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
series AS (
    SELECT m.id, m.code, m.building_id, r.ts,
           (r.value - lag(r.value) OVER w)
             / nullif(extract(epoch FROM r.ts - lag(r.ts) OVER w) / 3600.0, 0) AS rate
    FROM touched t
    JOIN meters m ON m.id = t.meter_id
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND m.reading_kind = 'cumulative'
      AND r.ts >= %(window_start)s::timestamptz - make_interval(days => %(history_days)s)
      AND r.ts <= %(window_end)s
    WINDOW w AS (PARTITION BY m.id ORDER BY r.ts)
),
history AS (
    SELECT id, max(rate) AS max_rate, min(ts) AS since,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY rate) AS median,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY rate)
             - percentile_cont(0.25) WITHIN GROUP (ORDER BY rate) AS iqr
    FROM series
    WHERE ts < %(window_start)s AND rate >= 0
    GROUP BY id
),
recent AS (
    SELECT id, code, building_id, max(rate) AS top_rate
    FROM series
    WHERE ts >= %(window_start)s
    GROUP BY id, code, building_id
)
SELECT r.id AS subject_id,
       CASE WHEN h.since IS NULL
                 OR h.since > %(window_start)s::timestamptz
                              - make_interval(days => %(min_history_days)s) THEN NULL
            ELSE r.top_rate > %(max_rate_factor)s * h.max_rate
                 AND r.top_rate > h.median + %(iqr_factor)s * h.iqr
       END AS firing,
       NULL::text AS severity,
       'building:' || r.building_id AS group_key,
       jsonb_build_object('code', r.code, 'rate_per_h', round(r.top_rate::numeric, 3),
                          'history_max_per_h', round(h.max_rate::numeric, 3)) AS details
FROM recent r
LEFT JOIN history h ON h.id = r.id
WHERE r.top_rate IS NOT NULL
