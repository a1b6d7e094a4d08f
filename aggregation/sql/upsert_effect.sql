-- Store an action's effect by one method as of a date (its reporting period's end); a
-- recomputation as of the same date replaces it, earlier ones are kept.
INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,
                     reporting_start, reporting_end, counterfactual_kwh, actual_kwh, saved_kwh,
                     saved_kwh_low, saved_kwh_high, saved_pct, saved_pct_low, saved_pct_high,
                     coverage_baseline, coverage_reporting, sufficient, warnings, fit, boundary,
                     ipmvp_option, deemed, measured, stipulated, parameters, adjustments,
                     adjustments_kwh, annual_saved_kwh, annual_saved_kwh_low,
                     annual_saved_kwh_high, reliable, headline)
VALUES (%(action_id)s, %(method)s, %(method_version)s, %(baseline_start)s, %(baseline_end)s,
        %(reporting_start)s, %(reporting_end)s, %(counterfactual_kwh)s, %(actual_kwh)s,
        %(saved_kwh)s, %(saved_kwh_low)s, %(saved_kwh_high)s, %(saved_pct)s, %(saved_pct_low)s,
        %(saved_pct_high)s, %(coverage_baseline)s, %(coverage_reporting)s, %(sufficient)s,
        %(warnings)s, %(fit)s, %(boundary)s, %(ipmvp_option)s, %(deemed)s, %(measured)s,
        %(stipulated)s, %(parameters)s, %(adjustments)s, %(adjustments_kwh)s,
        %(annual_saved_kwh)s, %(annual_saved_kwh_low)s, %(annual_saved_kwh_high)s,
        %(reliable)s, %(headline)s)
ON CONFLICT (action_id, method, reporting_end) DO UPDATE
SET method_version = excluded.method_version, baseline_start = excluded.baseline_start,
    baseline_end = excluded.baseline_end, reporting_start = excluded.reporting_start,
    counterfactual_kwh = excluded.counterfactual_kwh, actual_kwh = excluded.actual_kwh,
    saved_kwh = excluded.saved_kwh, saved_kwh_low = excluded.saved_kwh_low,
    saved_kwh_high = excluded.saved_kwh_high, saved_pct = excluded.saved_pct,
    saved_pct_low = excluded.saved_pct_low, saved_pct_high = excluded.saved_pct_high,
    coverage_baseline = excluded.coverage_baseline,
    coverage_reporting = excluded.coverage_reporting, sufficient = excluded.sufficient,
    warnings = excluded.warnings, fit = excluded.fit, boundary = excluded.boundary,
    ipmvp_option = excluded.ipmvp_option, deemed = excluded.deemed,
    measured = excluded.measured, stipulated = excluded.stipulated,
    parameters = excluded.parameters, adjustments = excluded.adjustments,
    adjustments_kwh = excluded.adjustments_kwh, annual_saved_kwh = excluded.annual_saved_kwh,
    annual_saved_kwh_low = excluded.annual_saved_kwh_low,
    annual_saved_kwh_high = excluded.annual_saved_kwh_high, reliable = excluded.reliable,
    headline = excluded.headline, computed_at = now()
