-- The effects Grafana shows: the latest computation of each action by each method, with what an
-- evaluator needs to read it — the headline figure of the action first, whether it can be
-- relied on, its boundary and IPMVP option, the normal-year saving with its interval, and the
-- non-routine adjustments' total.
CREATE OR REPLACE VIEW reporting.effects AS
SELECT a.code AS action_code, a.title AS action_title, m.code AS mission_code, e.method,
       e.method_version, e.baseline_start, e.baseline_end, e.reporting_start, e.reporting_end,
       e.counterfactual_kwh, e.actual_kwh, e.saved_kwh, e.saved_kwh_low, e.saved_kwh_high,
       e.saved_pct, e.saved_pct_low, e.saved_pct_high, e.coverage_baseline,
       e.coverage_reporting, e.sufficient, array_to_string(e.warnings, '; ') AS warnings,
       e.computed_at, e.headline, e.reliable, e.boundary, e.ipmvp_option, e.deemed,
       e.annual_saved_kwh, e.annual_saved_kwh_low, e.annual_saved_kwh_high, e.adjustments_kwh
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id;
