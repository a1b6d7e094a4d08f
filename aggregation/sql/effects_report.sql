-- The latest effect of each of a territory's actions by each method, for display: each action's
-- headline figure first.
SELECT a.code, e.method, e.reporting_start, e.reporting_end, e.saved_kwh, e.saved_kwh_low,
       e.saved_kwh_high, e.saved_pct, e.saved_pct_low, e.saved_pct_high,
       least(e.coverage_baseline, e.coverage_reporting) AS coverage, e.sufficient, e.warnings,
       e.headline, e.reliable, e.deemed, e.boundary, e.ipmvp_option, e.annual_saved_kwh,
       e.annual_saved_kwh_low, e.annual_saved_kwh_high, e.adjustments_kwh,
       ARRAY(SELECT DISTINCT j->>'kind' FROM jsonb_array_elements(e.adjustments) j
             ORDER BY 1) AS adjustment_kinds
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
WHERE p.territory_id = %(territory_id)s
ORDER BY a.code, e.headline DESC, e.method
