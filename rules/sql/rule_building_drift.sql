-- A building energy meter drifting above its baseline: the mean daily energy of the recent
-- days [recent_start, recent_end) against the same weeks one year earlier
-- [baseline_start, baseline_end). Fires when the recent mean exceeds the baseline mean by more
-- than max(%(sigma_factor)s standard deviations, %(min_rise)s of the mean); clears below half
-- that margin. Null without enough days on either side.
WITH energy_meters AS (
    SELECT m.id, m.code, m.building_id, m.quantity, m.reading_kind,
           CASE WHEN m.unit = 'Wh' THEN 0.001 ELSE 1.0 END AS to_kwh
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND m.quantity IN ('electricity', 'gas', 'heat')
      AND m.unit IN ('kWh', 'Wh')
),
-- Each window's readings, and the meter's last reading of the two days before the window
-- (the anchor): the window's first day then has its consumption too, for meters read once a day.
readings AS (
    SELECT e.id, e.reading_kind, e.to_kwh, w.recent, r.anchor, r.ts, r.value
    FROM energy_meters e
    CROSS JOIN (VALUES (true, %(recent_start)s::timestamptz, %(recent_end)s::timestamptz),
                       (false, %(baseline_start)s::timestamptz, %(baseline_end)s::timestamptz)
               ) AS w (recent, starts, ends)
    CROSS JOIN LATERAL (
        (SELECT true AS anchor, ts, value
         FROM meter_readings
         WHERE meter_id = e.id AND ts < w.starts AND ts >= w.starts - interval '2 days'
         ORDER BY ts DESC
         LIMIT 1)
        UNION ALL
        SELECT false, ts, value
        FROM meter_readings
        WHERE meter_id = e.id AND ts >= w.starts AND ts < w.ends
    ) r
),
marked AS (
    SELECT readings.*,
           lag(value) OVER w AS before_value, lead(value) OVER w AS after_value
    FROM readings
    WINDOW w AS (PARTITION BY id, recent ORDER BY ts)
),
-- On an index, a glitch (one reading out of line between two neighbours in order) is skipped,
-- as the meter rollups skip it.
deltas AS (
    SELECT id, reading_kind, to_kwh, anchor, value,
           (ts AT TIME ZONE %(timezone)s)::date AS day,
           value - lag(value) OVER (PARTITION BY id, recent ORDER BY ts) AS delta,
           extract(epoch FROM ts - lag(ts) OVER (PARTITION BY id, recent ORDER BY ts)) AS seconds
    FROM marked
    WHERE reading_kind <> 'cumulative'
       OR NOT coalesce(before_value <= after_value
                       AND (value < before_value OR value > after_value), false)
),
daily AS (
    SELECT id, day,
           sum(CASE WHEN reading_kind = 'cumulative' THEN greatest(coalesce(delta, 0), 0)
                    ELSE value END * to_kwh) AS kwh,
           sum(seconds) FILTER (WHERE reading_kind <> 'cumulative' OR delta >= 0) AS seconds
    FROM deltas
    WHERE NOT anchor
    GROUP BY id, day
),
-- Means are energy over the time the readings cover (a day whose reading was skipped as a
-- glitch, or is missing, moves its energy to the next reading: per day it would count twice).
stats AS (
    SELECT id,
           86400 * sum(kwh) FILTER (WHERE day >= %(recent_start)s::date)
               / nullif(sum(seconds) FILTER (WHERE day >= %(recent_start)s::date), 0)
               AS recent_kwh,
           count(*) FILTER (WHERE day >= %(recent_start)s::date) AS recent_days,
           86400 * sum(kwh) FILTER (WHERE day < %(baseline_end)s::date)
               / nullif(sum(seconds) FILTER (WHERE day < %(baseline_end)s::date), 0)
               AS baseline_kwh,
           stddev_samp(kwh) FILTER (WHERE day < %(baseline_end)s::date) AS baseline_sd,
           count(*) FILTER (WHERE day < %(baseline_end)s::date) AS baseline_days
    FROM daily
    GROUP BY id
),
judged AS (
    SELECT e.id, e.code, e.quantity, e.building_id, s.recent_kwh, s.baseline_kwh,
           s.recent_days, s.baseline_days,
           greatest(%(sigma_factor)s * coalesce(s.baseline_sd, 0),
                    %(min_rise)s * s.baseline_kwh) AS margin
    FROM energy_meters e
    JOIN stats s ON s.id = e.id
)
SELECT id AS subject_id,
       CASE WHEN recent_days < %(min_recent_days)s OR baseline_days < %(min_baseline_days)s
                 OR baseline_kwh <= 0 THEN NULL
            WHEN recent_kwh > baseline_kwh + margin THEN true
            WHEN recent_kwh <= baseline_kwh + margin / 2 THEN false
       END AS firing,
       CASE WHEN recent_kwh > 1.5 * baseline_kwh THEN 'high' END AS severity,
       'building:' || building_id AS group_key,
       jsonb_build_object('code', code, 'quantity', quantity,
                          'recent_kwh_per_day', round(recent_kwh::numeric, 1),
                          'baseline_kwh_per_day', round(baseline_kwh::numeric, 1),
                          'margin_kwh_per_day', round(margin::numeric, 1)) AS details
FROM judged
