-- A figure that will not be reportable (M-02): an action of a %(domain)s mission whose latest
-- headline effect has a reporting period still filling (shorter than %(year_days)s days) and
-- covered on less than %(min_coverage)s of its days so far. High when even full data from now
-- to the end of the year could not lift the coverage to %(min_coverage)s. Clears at
-- %(clear_coverage)s or more, or once the period is a whole year (its figure then says for
-- itself whether it suffices); between the two thresholds, no change (hysteresis).
WITH acts AS (
    SELECT ac.id, ac.code
    FROM actions ac
    JOIN missions mi ON mi.id = ac.mission_id
    JOIN policies p ON p.id = mi.policy_id
    WHERE p.territory_id = %(territory_id)s AND mi.domain = %(domain)s
      AND ac.status <> 'cancelled'
),
latest AS (
    SELECT a.id, a.code, e.method, e.reporting_start, e.reporting_end,
           e.coverage_reporting::double precision AS coverage,
           (e.reporting_end - e.reporting_start)::double precision AS elapsed
    FROM acts a
    JOIN LATERAL (
        SELECT * FROM effects_latest e
        WHERE e.action_id = a.id AND e.headline
        ORDER BY e.computed_at DESC
        LIMIT 1
    ) e ON true
),
judged AS (
    SELECT *, least(1.0, (coverage * elapsed + greatest(0.0, %(year_days)s - elapsed))
                         / %(year_days)s) AS best
    FROM latest
)
SELECT id AS subject_id,
       CASE WHEN elapsed >= %(year_days)s THEN false
            WHEN coverage < %(min_coverage)s THEN true
            WHEN coverage >= %(clear_coverage)s THEN false
       END AS firing,
       CASE WHEN best < %(min_coverage)s THEN 'high' END AS severity,
       'action:' || id AS group_key,
       jsonb_build_object(
           'code', code, 'method', method, 'reporting_start', reporting_start,
           'days', elapsed::integer, 'coverage_pct', round(100 * coverage::numeric),
           'best_pct', round(100 * best::numeric),
           'required_pct', round(100 * %(min_coverage)s::numeric)
       ) AS details
FROM judged
