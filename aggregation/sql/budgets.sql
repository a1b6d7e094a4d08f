-- Per period: planned, committed and spent euros up to the period's year, for an action, or a
-- mission (all its lines), or a whole policy.
WITH buckets AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS b(period_start, period_end)
)
SELECT b.period_start, coalesce(sum(l.planned_eur), 0)::float8,
       coalesce(sum(l.committed_eur), 0)::float8, coalesce(sum(l.spent_eur), 0)::float8
FROM buckets b
LEFT JOIN budget_lines l
    ON l.year <= extract(year FROM b.period_end - 1)
   AND (%(action_id)s::integer IS NULL OR l.action_id = %(action_id)s)
   AND (%(mission_id)s::integer IS NULL OR l.mission_id = %(mission_id)s)
   AND l.mission_id IN (SELECT m.id FROM missions m JOIN policies p ON p.id = m.policy_id
                        WHERE p.territory_id = %(territory_id)s)
GROUP BY b.period_start
ORDER BY b.period_start
