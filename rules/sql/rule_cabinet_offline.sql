-- A remote-controlled cabinet that has gone silent: its newest reading is older than
-- %(offline_periods)s reporting periods (or %(lookback_days)s days or more); clears once it
-- reports within %(online_periods)s. Cabinets never heard from are left out. Whole-fleet rule:
-- only firing or holding rows are returned.
-- When no device of the territory at all reported within %(offline_periods)s times the shortest
-- reporting period of these devices (vigie_territory_reporting), the data path is down (broker,
-- collector, a backlog being caught up), not every device: judgement is held (firing null),
-- nothing opens and nothing clears.
WITH fleet AS (
    SELECT vigie_territory_reporting(
               %(territory_id)s, 'cabinet', %(offline_periods)s, %(now)s) AS reporting
)
SELECT cc.id AS subject_id,
       CASE WHEN fleet.reporting THEN (last.ts IS NULL
                                       OR %(now)s::timestamptz - last.ts > make_interval(
            secs => cc.reporting_period_s * %(offline_periods)s)) END AS firing,
       NULL::text AS severity,
       'district:' || cc.district_id AS group_key,
       jsonb_build_object('code', cc.code, 'last_reading', coalesce(
                              last.ts::text, 'more than ' || %(lookback_days)s || ' days ago'),
                          'reporting_period_s', cc.reporting_period_s) AS details
FROM control_cabinets cc
CROSS JOIN fleet
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
LEFT JOIN LATERAL (
    SELECT ts
    FROM cabinet_readings
    WHERE cabinet_id = cc.id AND ts <= %(now)s
      AND ts > %(now)s::timestamptz - make_interval(days => %(lookback_days)s)
    ORDER BY ts DESC
    LIMIT 1
) last ON true
WHERE c.territory_id = %(territory_id)s
  AND cc.remote_controlled
  AND (last.ts IS NULL OR %(now)s::timestamptz - last.ts
                          > make_interval(secs => cc.reporting_period_s * %(online_periods)s))
  AND (last.ts IS NOT NULL
       OR EXISTS (SELECT 1 FROM cabinet_readings r
                  WHERE r.cabinet_id = cc.id AND r.ts <= %(now)s))
