-- A light-point controller that has gone silent: its newest reading is older than
-- %(offline_periods)s reporting periods, or it has been silent for %(lookback_days)s days or
-- more. Clears once it reports again within %(online_periods)s periods; in between nothing
-- changes. Points never heard from are left out (not commissioned yet).
-- Only rows that fire or hold are returned; the rule covers the whole fleet, so a live alert
-- missing from the result is cleared.
-- A point's newest reading comes from lamp_latest (0158); only when it is later than %(now)s
-- (a run for a past instant) are its readings looked up backwards.
-- When no device of the territory at all reported within %(offline_periods)s times the shortest
-- reporting period of these devices (vigie_territory_reporting), the data path is down (broker,
-- collector, a backlog being caught up), not every device: judgement is held (firing null),
-- nothing opens and nothing clears.
WITH fleet AS (
    SELECT vigie_territory_reporting(
               %(territory_id)s, 'light_point', %(offline_periods)s, %(now)s) AS reporting
)
SELECT lp.id AS subject_id,
       CASE WHEN fleet.reporting THEN (last.ts IS NULL
                                       OR %(now)s::timestamptz - last.ts > make_interval(
            secs => lp.reporting_period_s * %(offline_periods)s)) END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || lp.cabinet_id, 'district:' || lp.district_id) AS group_key,
       jsonb_build_object('code', lp.code, 'last_reading', coalesce(
                              last.ts::text, 'more than ' || %(lookback_days)s || ' days ago'),
                          'reporting_period_s', lp.reporting_period_s) AS details
FROM light_points_current lp
CROSS JOIN fleet
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
LEFT JOIN lamp_latest latest ON latest.light_point_id = lp.id
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN latest.ts <= %(now)s THEN
            CASE WHEN latest.ts > %(now)s::timestamptz - make_interval(days => %(lookback_days)s)
                 THEN latest.ts END
        WHEN latest.ts > %(now)s THEN (
            SELECT r.ts
            FROM lamp_readings r
            WHERE r.light_point_id = lp.id AND r.ts <= %(now)s
              AND r.ts > %(now)s::timestamptz - make_interval(days => %(lookback_days)s)
            ORDER BY r.ts DESC
            LIMIT 1)
    END AS ts
) last
WHERE c.territory_id = %(territory_id)s
  AND lp.remote_controlled
  AND (last.ts IS NULL OR %(now)s::timestamptz - last.ts
                          > make_interval(secs => lp.reporting_period_s * %(online_periods)s))
  AND (latest.ts <= %(now)s
       OR latest.ts > %(now)s AND EXISTS (SELECT 1 FROM lamp_readings r
                                          WHERE r.light_point_id = lp.id AND r.ts <= %(now)s))
