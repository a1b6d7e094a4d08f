-- Per period: light points in scope (an action's treated scope, else the whole territory) with
-- equipment at the period's end, HPS ones, remotely managed ones, points refurbished or newly
-- equipped during the period, and points renovated to LED since a date.
WITH buckets AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS b(period_start, period_end)
), scope_points AS (
    SELECT lp.id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
      AND (%(action_id)s::integer IS NULL OR EXISTS (
          SELECT 1 FROM action_scopes s
          WHERE s.action_id = %(action_id)s AND s.role = 'treated'
            AND (s.district_id = lp.district_id OR s.cabinet_id = lp.cabinet_id
                 OR s.light_point_id = lp.id)))
), equipment AS (
    SELECT e.* FROM light_point_equipment e JOIN scope_points p ON p.id = e.light_point_id
)
SELECT b.period_start,
       count(*) FILTER (WHERE e.valid_from < b.period_end
                        AND (e.valid_to IS NULL OR e.valid_to >= b.period_end)) AS equipped,
       count(*) FILTER (WHERE e.valid_from < b.period_end
                        AND (e.valid_to IS NULL OR e.valid_to >= b.period_end)
                        AND e.technology = 'HPS') AS hps,
       count(*) FILTER (WHERE e.valid_from < b.period_end
                        AND (e.valid_to IS NULL OR e.valid_to >= b.period_end)
                        AND e.remote_controlled) AS managed,
       count(DISTINCT e.light_point_id) FILTER (WHERE e.valid_from >= b.period_start
                                                AND e.valid_from < b.period_end
                                                AND e.technology = 'LED') AS refurbished,
       count(DISTINCT e.light_point_id) FILTER (WHERE e.valid_from >= %(since)s::date
                                                AND e.valid_from < b.period_end
                                                AND e.technology = 'LED') AS renovated
FROM buckets b
CROSS JOIN equipment e
GROUP BY b.period_start
ORDER BY b.period_start
