-- A school or nursery too cold while occupied (B-08): every indoor temperature reading of the
-- last %(cold_hours)s hours, all of them occupied (%(occupied)s: a weekday, %(open_hour)s h to
-- %(close_hour)s h local), is under %(limit_c)s °C, with %(min_samples)s readings or more.
-- Clears when they are all at %(clear_c)s °C or more; between the two, or outside occupied
-- hours, no change (hysteresis).
WITH recent AS (
    SELECT m.building_id, b.code, b.category, r.value
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND b.category IN ('school', 'nursery')
      AND m.quantity = 'indoor_temperature'
      AND r.ts >= %(recent_start)s AND r.ts < %(recent_end)s
),
judged AS (
    SELECT building_id, code, category, count(*) AS n, max(value) AS warmest_c,
           min(value) AS coldest_c,
           bool_and(value < %(limit_c)s) AS cold, bool_and(value >= %(clear_c)s) AS warm
    FROM recent
    GROUP BY building_id, code, category
)
SELECT building_id AS subject_id,
       CASE WHEN NOT %(occupied)s OR n < %(min_samples)s THEN NULL
            WHEN cold THEN true
            WHEN warm THEN false
       END AS firing,
       NULL::text AS severity,
       'building:' || building_id AS group_key,
       jsonb_build_object('code', code, 'category', category,
                          'warmest_c', round(warmest_c::numeric, 1),
                          'coldest_c', round(coldest_c::numeric, 1),
                          'limit_c', %(limit_c)s, 'hours', %(cold_hours)s) AS details
FROM judged
