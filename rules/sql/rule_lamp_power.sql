-- Power of a lamp against what it should draw, on its last %(samples)s readings up to the end
-- of the window, for every light point that reported in the window. Expected power is the
-- nominal power with its ballast loss, scaled by the dimming level for dimmable lamps.
-- firing: every sample is inside the firing band (or flagged by the controller when
-- %(use_flag)s); false: every sample is inside the clearing band, or below %(supersede_below)s
-- (another rule owns that case); null: in between, in daylight or twilight, or commanded off.
WITH touched AS (
    SELECT DISTINCT light_point_id
    FROM lamp_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
samples AS (
    SELECT lp.id, lp.code, lp.cabinet_id, lp.district_id, r.ts, r.power_w, r.lamp_failure,
           lp.nominal_power_w * (1 + lp.ballast_loss_pct / 100.0)
             * CASE WHEN lp.dimmable THEN greatest(coalesce(r.dimming_pct, 100), 10) / 100.0
                    ELSE 1 END AS expected_w,
           r.ts <@ %(nights)s::tstzmultirange
             AND coalesce(r.power_state, 'on') <> 'off'
             AND coalesce(r.dimming_pct, 100) > 0 AS expected_on
    FROM touched t
    JOIN light_points_current lp ON lp.id = t.light_point_id
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    CROSS JOIN LATERAL (
        SELECT ts, power_w, dimming_pct, power_state, lamp_failure
        FROM lamp_readings
        WHERE light_point_id = lp.id AND ts <= %(window_end)s
          AND ts > %(window_end)s::timestamptz - interval '1 day'
        ORDER BY ts DESC
        LIMIT %(samples)s
    ) r
    WHERE c.territory_id = %(territory_id)s AND lp.nominal_power_w IS NOT NULL
),
judged AS (
    SELECT id, code, cabinet_id, district_id, count(*) AS n, max(ts) AS last_ts,
           bool_and(expected_on) AS expected_on,
           bool_and(power_w IS NOT NULL
                    AND power_w / expected_w >= %(fire_min)s
                    AND power_w / expected_w < %(fire_max)s
                    OR (%(use_flag)s AND coalesce(lamp_failure, false))) AS in_fire_band,
           bool_and(power_w IS NOT NULL
                    AND power_w / expected_w >= %(clear_min)s
                    AND power_w / expected_w < %(clear_max)s
                    AND NOT (%(use_flag)s AND coalesce(lamp_failure, false))) AS in_clear_band,
           bool_and(power_w / expected_w < %(supersede_below)s) AS superseded,
           round(avg(power_w)::numeric, 1) AS power_w,
           round(avg(expected_w)::numeric, 1) AS expected_w
    FROM samples
    GROUP BY id, code, cabinet_id, district_id
)
SELECT id AS subject_id,
       CASE WHEN n < %(samples)s OR NOT expected_on THEN NULL
            WHEN in_fire_band THEN true
            WHEN in_clear_band OR coalesce(superseded, false) THEN false
       END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || cabinet_id, 'district:' || district_id) AS group_key,
       jsonb_build_object('code', code, 'power_w', power_w, 'expected_w', expected_w,
                          'last_reading', last_ts, 'samples', n) AS details
FROM judged
