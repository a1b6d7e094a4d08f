-- reporting.latest_lamp_readings (0146) reads lamp_latest (0158). A point's stored latest reading
-- is its newest: when it is no later than `to`, the newest reading in the window is that one if
-- it falls in the window, and none otherwise, so one join answers. Only a point whose latest
-- reading is later than `to` (a dashboard looking at the past) is probed backwards in its
-- readings, as before. The signature, the rows and the rights are those of 0146.

CREATE OR REPLACE FUNCTION reporting.latest_lamp_readings(
    p_territory text, p_from timestamptz, p_to timestamptz
) RETURNS TABLE (
    light_point_id integer, ts timestamptz, power_state text, power_w real,
    lamp_failure boolean, cycling_failure boolean, day_burner boolean
)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, public
AS $function$
    SELECT lp.id, l.ts, l.power_state, l.power_w, l.lamp_failure, l.cycling_failure,
           l.day_burner
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN lamp_latest l ON l.light_point_id = lp.id
    WHERE t.code = $1 AND c.territory_id = ANY (reporting.readable_territories())
      AND l.ts BETWEEN greatest($2, $3 - interval '2 days') AND $3
    UNION ALL
    SELECT lp.id, x.ts, x.power_state, x.power_w, x.lamp_failure, x.cycling_failure,
           x.day_burner
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN lamp_latest l ON l.light_point_id = lp.id
    CROSS JOIN LATERAL (
        SELECT r.ts, r.power_state, r.power_w, r.lamp_failure, r.cycling_failure, r.day_burner
        FROM lamp_readings r
        WHERE r.light_point_id = lp.id
          AND r.ts BETWEEN greatest($2, $3 - interval '2 days') AND $3
        ORDER BY r.ts DESC
        LIMIT 1
    ) x
    WHERE t.code = $1 AND c.territory_id = ANY (reporting.readable_territories())
      AND l.ts > $3
$function$;
