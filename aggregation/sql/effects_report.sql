-- The latest effect of each of a territory's actions by each method, for display.
SELECT DISTINCT ON (a.code, e.method) a.code, e.method, e.reporting_start, e.reporting_end,
       e.saved_kwh, e.saved_pct, e.saved_pct_low, e.saved_pct_high,
       least(e.coverage_baseline, e.coverage_reporting) AS coverage, e.sufficient, e.warnings
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
WHERE p.territory_id = %(territory_id)s
ORDER BY a.code, e.method
