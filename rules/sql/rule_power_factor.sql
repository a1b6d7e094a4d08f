-- Low power factor (L-08): the last %(samples)s readings of a lit light point (drawing more than
-- %(standby_max_w)s W) that carry a power factor, within a day of the window's end, are all
-- under %(fire_below)s; clears when they are all at %(clear_from)s or more. Between the two, or
-- with the lamp off, no change (hysteresis).
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s AND power_factor IS NOT NULL
),
samples AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, r.ts, r.power_factor
    FROM touched t
    JOIN light_points lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    CROSS JOIN LATERAL (
        SELECT ts, power_factor
        FROM lamp_readings
        WHERE light_point_id = lp.id AND power_factor IS NOT NULL
          AND power_w > %(standby_max_w)s AND ts <= %(window_end)s
          AND ts > %(window_end)s::timestamptz - interval '1 day'
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
    WHERE c.territory_id = %(territory_id)s
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(power_factor < %(fire_below)s) AS low,
           bool_and(power_factor >= %(clear_from)s) AS good,
           round(avg(power_factor)::numeric, 2) AS power_factor
    FROM samples
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s THEN NULL
            WHEN low THEN true
            WHEN good THEN false
       END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'power_factor', power_factor,
                          'fire_below', %(fire_below)s, 'last_reading', last_ts) AS details
FROM judged
