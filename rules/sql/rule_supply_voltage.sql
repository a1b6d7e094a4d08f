-- Supply voltage out of range (L-07): the last %(samples)s readings of a light point that carry
-- a voltage, within a day of the window's end, are all further than %(fire_fraction)s of
-- %(nominal_v)s V from it; clears when they are all within %(clear_fraction)s of it. Between
-- the two, no change (hysteresis).
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s AND voltage_v IS NOT NULL
),
samples AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, r.ts,
           abs(r.voltage_v - %(nominal_v)s) / %(nominal_v)s AS off_by, r.voltage_v
    FROM touched t
    JOIN light_points lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    CROSS JOIN LATERAL (
        SELECT ts, voltage_v
        FROM lamp_readings
        WHERE light_point_id = lp.id AND voltage_v IS NOT NULL AND ts <= %(window_end)s
          AND ts > %(window_end)s::timestamptz - interval '1 day'
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
    WHERE c.territory_id = %(territory_id)s
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(off_by > %(fire_fraction)s) AS out_of_range,
           bool_and(off_by <= %(clear_fraction)s) AS in_range,
           round(avg(voltage_v)::numeric, 1) AS voltage_v
    FROM samples
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s THEN NULL
            WHEN out_of_range THEN true
            WHEN in_range THEN false
       END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'voltage_v', voltage_v, 'nominal_v', %(nominal_v)s,
                          'last_reading', last_ts) AS details
FROM judged
