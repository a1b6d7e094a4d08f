-- Per period: light points in scope (an action's treated scope, else the whole territory) with
-- equipment on the period's last day, HPS ones, remotely managed ones, LED equipment installed
-- during the period (refurbished or new), and LED equipment installed since a date.
-- Equipment rows become +1/-1 changes on their first and end days; running sums of the changes
-- give the fleet on any day, so a year of days costs one pass over the equipment history.
WITH buckets AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS b(period_start, period_end)
), scope_points AS (
    SELECT lp.id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND (%(action_id)s::integer IS NULL OR lp.id IN (
          SELECT light_point_id FROM action_scope_light_points
          WHERE action_id = %(action_id)s AND role = 'treated'))
), equipment AS (
    SELECT e.valid_from, e.valid_to, e.technology, e.remote_controlled
    FROM light_point_equipment e
    JOIN scope_points p ON p.id = e.light_point_id
), changes AS (
    SELECT valid_from AS on_day, 1 AS equipped, (technology = 'HPS')::int AS hps,
           remote_controlled::int AS managed, (technology = 'LED')::int AS led,
           (technology = 'LED' AND valid_from >= %(since)s::date)::int AS renovated
    FROM equipment
    UNION ALL
    SELECT valid_to, -1, -(technology = 'HPS')::int, -(remote_controlled::int), 0, 0
    FROM equipment
    WHERE valid_to IS NOT NULL
), running AS (
    SELECT on_day,
           sum(sum(equipped)) OVER w AS equipped, sum(sum(hps)) OVER w AS hps,
           sum(sum(managed)) OVER w AS managed, sum(sum(led)) OVER w AS led,
           sum(sum(renovated)) OVER w AS renovated
    FROM changes
    GROUP BY on_day
    WINDOW w AS (ORDER BY on_day)
)
SELECT b.period_start, coalesce(e.equipped, 0), coalesce(e.hps, 0), coalesce(e.managed, 0),
       coalesce(e.led, 0) - coalesce(s.led, 0), coalesce(e.renovated, 0)
FROM buckets b
LEFT JOIN LATERAL (
    SELECT * FROM running WHERE on_day < b.period_end ORDER BY on_day DESC LIMIT 1
) e ON true
LEFT JOIN LATERAL (
    SELECT * FROM running WHERE on_day < b.period_start ORDER BY on_day DESC LIMIT 1
) s ON true
ORDER BY b.period_start
