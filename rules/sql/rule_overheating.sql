-- A building heated above the regulatory 19 °C (Code de l'énergie R241-26): during the heating
-- season (%(heating_season)s is true), the mean indoor temperature of the occupied hours of
-- [recent_start, recent_end) (weekdays, %(open_hour)s h to %(close_hour)s h local) is above
-- %(limit_c)s + %(tolerance_c)s °C. Clears at or below %(limit_c)s + half the tolerance, and
-- out of season. Null with fewer than %(min_samples)s occupied readings.
WITH occupied AS (
    SELECT m.building_id, b.code, r.value
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND m.quantity = 'indoor_temperature'
      AND r.ts >= %(recent_start)s AND r.ts < %(recent_end)s
      AND extract(isodow FROM r.ts AT TIME ZONE %(timezone)s) < 6
      AND extract(hour FROM r.ts AT TIME ZONE %(timezone)s) >= %(open_hour)s
      AND extract(hour FROM r.ts AT TIME ZONE %(timezone)s) < %(close_hour)s
),
means AS (
    SELECT building_id, code, avg(value) AS mean_c, count(*) AS n
    FROM occupied
    GROUP BY building_id, code
)
SELECT building_id AS subject_id,
       CASE WHEN n < %(min_samples)s THEN NULL
            WHEN NOT %(heating_season)s THEN false
            WHEN mean_c > %(limit_c)s + %(tolerance_c)s THEN true
            WHEN mean_c <= %(limit_c)s + %(tolerance_c)s / 2 THEN false
       END AS firing,
       NULL::text AS severity,
       'building:' || building_id AS group_key,
       jsonb_build_object('code', code, 'mean_c', round(mean_c::numeric, 1),
                          'limit_c', %(limit_c)s, 'samples', n) AS details
FROM means
