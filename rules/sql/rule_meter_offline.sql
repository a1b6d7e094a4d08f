-- A building meter in service that has gone silent: its newest reading is older than
-- %(offline_periods)s reporting periods; clears once it reports within %(online_periods)s.
-- Whole-fleet rule: only firing or holding rows are returned.
SELECT m.id AS subject_id,
       (%(now)s::timestamptz - last.ts > make_interval(
            secs => m.reporting_period_s * %(offline_periods)s)) AS firing,
       NULL::text AS severity,
       'building:' || m.building_id AS group_key,
       jsonb_build_object('code', m.code, 'quantity', m.quantity, 'last_reading', last.ts,
                          'reporting_period_s', m.reporting_period_s) AS details
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
CROSS JOIN LATERAL (
    SELECT ts
    FROM meter_readings
    WHERE meter_id = m.id AND ts <= %(now)s
    ORDER BY ts DESC
    LIMIT 1
) last
WHERE c.territory_id = %(territory_id)s
  AND (m.removed_on IS NULL OR m.removed_on > %(now)s::date)
  AND %(now)s::timestamptz - last.ts
      > make_interval(secs => m.reporting_period_s * %(online_periods)s)
