-- A building meter in service that has gone silent: its newest reading is older than
-- %(offline_periods)s reporting periods (or %(lookback_days)s days or more); clears once it
-- reports within %(online_periods)s. Meters never heard from are left out. Whole-fleet rule:
-- only firing or holding rows are returned.
-- When no device of the territory at all reported within %(offline_periods)s times the shortest
-- reporting period of these devices (vigie_territory_reporting), the data path is down (broker,
-- collector, a backlog being caught up), not every device: judgement is held (firing null),
-- nothing opens and nothing clears.
WITH fleet AS (
    SELECT vigie_territory_reporting(
               %(territory_id)s, 'meter', %(offline_periods)s, %(now)s) AS reporting
)
SELECT m.id AS subject_id,
       CASE WHEN fleet.reporting THEN (last.ts IS NULL
                                       OR %(now)s::timestamptz - last.ts > make_interval(
            secs => m.reporting_period_s * %(offline_periods)s)) END AS firing,
       NULL::text AS severity,
       'building:' || m.building_id AS group_key,
       jsonb_build_object('code', m.code, 'quantity', m.quantity, 'last_reading', coalesce(
                              last.ts::text, 'more than ' || %(lookback_days)s || ' days ago'),
                          'reporting_period_s', m.reporting_period_s) AS details
FROM meters m
CROSS JOIN fleet
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
LEFT JOIN LATERAL (
    SELECT ts
    FROM meter_readings
    WHERE meter_id = m.id AND ts <= %(now)s
      AND ts > %(now)s::timestamptz - make_interval(days => %(lookback_days)s)
    ORDER BY ts DESC
    LIMIT 1
) last ON true
WHERE c.territory_id = %(territory_id)s
  AND (m.removed_on IS NULL OR m.removed_on > %(now)s::date)
  AND (last.ts IS NULL OR %(now)s::timestamptz - last.ts
                          > make_interval(secs => m.reporting_period_s * %(online_periods)s))
  AND (last.ts IS NOT NULL
       OR EXISTS (SELECT 1 FROM meter_readings r
                  WHERE r.meter_id = m.id AND r.ts <= %(now)s))
