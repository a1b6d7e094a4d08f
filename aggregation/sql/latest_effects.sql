-- The latest effect of an action, or of every action of a mission: its headline figure, or its
-- figure by one method when one is asked for. Its coverage is the share of the expected days
-- its measured units cover in both periods. A figure measured on a sample of the changed points
-- (a ratio estimator) is not short of data for that when the sample suffices: the sampling is in
-- its interval, and its warnings say it was extrapolated. An insufficient figure (too few units)
-- rests only on the share of the changed points' power it measured.
SELECT a.code, e.saved_kwh, e.saved_kwh_high - e.saved_kwh AS half_kwh, e.counterfactual_kwh,
       e.annual_saved_kwh, e.annual_saved_kwh_high - e.annual_saved_kwh AS annual_half_kwh,
       e.saved_pct, e.saved_pct_high - e.saved_pct AS pct_half,
       least(e.coverage_baseline, e.coverage_reporting)
           * CASE WHEN e.sufficient THEN 1.0
                  ELSE coalesce((e.fit ->> 'measured_share')::double precision, 1.0) END
           AS coverage, e.warnings, e.sufficient,
       e.reliable
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
WHERE (%(action_id)s::integer IS NULL OR e.action_id = %(action_id)s)
  AND (%(mission_id)s::integer IS NULL OR a.mission_id = %(mission_id)s)
  AND CASE WHEN %(method)s::text IS NULL THEN e.headline ELSE e.method = %(method)s END
ORDER BY a.code
