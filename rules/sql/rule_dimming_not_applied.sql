-- Dimming profile not applied (L-11): a light point whose equipment in place is dimmable, and
-- whose last %(samples)s readings while on inside the territory's reduced-output hours (local
-- time from %(dim_from)s to %(dim_to)s, across midnight) all show more than %(fire_pct)s %% of
-- full output: its dimming_pct where the controller reports it, else its power against its
-- nominal power. Clears when those readings all show %(clear_pct)s %% or less; between the two,
-- no change (hysteresis). Readings of the last day before the window's end only.
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
points AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, e.nominal_power_w
    FROM touched t
    JOIN light_points lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN light_point_equipment e ON e.light_point_id = lp.id AND e.valid_to IS NULL
    WHERE c.territory_id = %(territory_id)s AND e.dimmable
),
samples AS (
    SELECT p.id, p.code, p.cabinet_id, p.district_id, r.ts,
           coalesce(r.dimming_pct::double precision,
                    100.0 * r.power_w / nullif(p.nominal_power_w, 0)) AS output_pct
    FROM points p
    CROSS JOIN LATERAL (
        SELECT ts, dimming_pct, power_w
        FROM lamp_readings
        CROSS JOIN LATERAL (
            SELECT extract(hour FROM ts AT TIME ZONE %(timezone)s)
                   + extract(minute FROM ts AT TIME ZONE %(timezone)s) / 60.0 AS local_hour
        ) h
        WHERE light_point_id = p.id AND power_state = 'on' AND ts <= %(window_end)s
          AND ts > %(window_end)s::timestamptz - interval '1 day'
          AND CASE WHEN %(dim_from)s > %(dim_to)s  -- across midnight
                   THEN local_hour >= %(dim_from)s OR local_hour < %(dim_to)s
                   ELSE local_hour >= %(dim_from)s AND local_hour < %(dim_to)s END
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(output_pct > %(fire_pct)s) AS full_output,
           bool_and(output_pct <= %(clear_pct)s) AS dimmed,
           round(avg(output_pct)::numeric) AS output_pct
    FROM samples
    WHERE output_pct IS NOT NULL
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s THEN NULL
            WHEN full_output THEN true
            WHEN dimmed THEN false
       END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'output_pct', output_pct, 'fire_pct', %(fire_pct)s,
                          'last_reading', last_ts) AS details
FROM judged
