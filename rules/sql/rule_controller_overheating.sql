-- Controller or driver overheating (L-09): the last %(samples)s readings of a light point that
-- carry its control gear's temperature, within a day of the window's end, are all above
-- %(fire_c)s degC (high from %(high_c)s degC); clears when they are all at %(clear_c)s degC or
-- less. Between the two, no change (hysteresis).
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s AND controller_temp_c IS NOT NULL
),
samples AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, r.ts, r.controller_temp_c
    FROM touched t
    JOIN light_points lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    CROSS JOIN LATERAL (
        SELECT ts, controller_temp_c
        FROM lamp_readings
        WHERE light_point_id = lp.id AND controller_temp_c IS NOT NULL
          AND ts <= %(window_end)s AND ts > %(window_end)s::timestamptz - interval '1 day'
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
    WHERE c.territory_id = %(territory_id)s
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(controller_temp_c > %(fire_c)s) AS hot,
           bool_and(controller_temp_c <= %(clear_c)s) AS cool,
           min(controller_temp_c) >= %(high_c)s AS very_hot,
           round(avg(controller_temp_c)::numeric, 1) AS temp_c
    FROM samples
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s THEN NULL
            WHEN hot THEN true
            WHEN cool THEN false
       END AS firing,
       CASE WHEN hot AND very_hot THEN 'high' END AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'temp_c', temp_c, 'fire_c', %(fire_c)s,
                          'last_reading', last_ts) AS details
FROM judged
