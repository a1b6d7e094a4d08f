-- Water leak (B-10): a water meter whose smallest flow of each of the last %(nights)s nights
-- (local %(night_from_hour)s h to %(night_to_hour)s h, from its register's steps or its
-- interval readings) was above %(fire_l)s litres per reading: water never stopped running
-- while the building slept. Clears once the latest night's smallest flow is at %(clear_l)s
-- litres or less. A night with no readings leaves the meter unjudged.
WITH water AS (
    SELECT m.id, m.code, m.building_id, m.reading_kind,
           CASE WHEN m.unit = 'm3' THEN 1000.0 ELSE 1.0 END AS litres_per_unit
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s AND m.quantity = 'water'
      AND m.removed_on IS NULL
),
flows AS (
    SELECT w.id, r.ts,
           CASE WHEN w.reading_kind = 'cumulative'
                THEN r.value - lag(r.value) OVER (PARTITION BY w.id ORDER BY r.ts)
                ELSE r.value END * w.litres_per_unit AS litres
    FROM water w
    JOIN meter_readings r ON r.meter_id = w.id
    WHERE r.ts >= %(first_night)s AND r.ts < %(last_night_end)s
),
nightly AS (
    SELECT id, (ts AT TIME ZONE %(timezone)s)::date AS night, min(litres) AS min_l
    FROM flows
    WHERE litres IS NOT NULL
      AND extract(hour FROM ts AT TIME ZONE %(timezone)s) >= %(night_from_hour)s
      AND extract(hour FROM ts AT TIME ZONE %(timezone)s) < %(night_to_hour)s
      AND (ts AT TIME ZONE %(timezone)s)::date >= %(first_night_day)s
    GROUP BY 1, 2
),
judged AS (
    SELECT id, count(*) AS nights, min(min_l) AS least_l,
           bool_and(min_l > %(fire_l)s) AS running,
           bool_or(night = %(last_night_day)s AND min_l <= %(clear_l)s) AS stopped
    FROM nightly
    GROUP BY id
)
SELECT w.id AS subject_id,
       CASE WHEN j.stopped THEN false
            WHEN j.nights < %(nights)s THEN NULL
            WHEN j.running THEN true
       END AS firing,
       NULL::text AS severity,
       'building:' || w.building_id AS group_key,
       jsonb_build_object('code', w.code, 'nights', j.nights,
                          'least_night_flow_l', round(j.least_l::numeric, 1)) AS details
FROM water w
JOIN judged j ON j.id = w.id
