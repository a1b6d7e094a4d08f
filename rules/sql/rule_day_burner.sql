-- A lamp that burns in daylight: its last %(samples)s readings, all between sunrise and sunset
-- (with a margin), draw more than %(standby_max_w)s W, or the controller flags a day burner.
-- Clears when those daylight readings are at standby; null at night or in twilight.
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
samples AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, r.ts, r.power_w, r.day_burner
    FROM touched t
    JOIN light_points lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    CROSS JOIN LATERAL (
        SELECT ts, power_w, day_burner
        FROM lamp_readings
        WHERE light_point_id = lp.id AND ts <= %(window_end)s
          AND ts > %(window_end)s::timestamptz - interval '1 day'
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
    WHERE c.territory_id = %(territory_id)s
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(ts <@ %(days)s::tstzmultirange) AS daylight,
           bool_and(power_w > %(standby_max_w)s OR coalesce(day_burner, false)) AS burning,
           bool_and(coalesce(power_w, 0) <= %(standby_max_w)s
                    AND NOT coalesce(day_burner, false)) AS idle,
           round(avg(power_w)::numeric, 1) AS power_w
    FROM samples
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s OR NOT daylight THEN NULL
            WHEN burning THEN true
            WHEN idle THEN false
       END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'power_w', power_w, 'last_reading', last_ts) AS details
FROM judged
