-- The latest effect of each method of a territory's actions (all, a mission's or one action's),
-- with the figures the pages and reports show: estimate and its 95 per cent interval, normal-year figure,
-- method and version, boundary, IPMVP option, periods, coverage, sufficiency, reliability,
-- headline, adjustments and warnings.
SELECT e.id, a.code AS action_code, a.title AS action_title, m.code AS mission_code,
       e.method, e.method_version, e.baseline_start, e.baseline_end, e.reporting_start,
       e.reporting_end, e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low,
       e.saved_kwh_high, e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, e.warnings, e.computed_at, e.boundary,
       e.ipmvp_option, e.deemed, e.adjustments_kwh, e.annual_saved_kwh, e.annual_saved_kwh_low,
       e.annual_saved_kwh_high, e.reliable, e.headline
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
WHERE po.territory_id = %(territory_id)s
  AND (%(action)s::text IS NULL OR a.code = %(action)s)
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
ORDER BY a.code, e.headline DESC, e.method
