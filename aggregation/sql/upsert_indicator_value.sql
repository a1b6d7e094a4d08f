-- Store a computed indicator value for a period with its interval, what it rests on and its
-- provenance; manual values are kept.
INSERT INTO indicator_values AS v (indicator_id, period, period_start, value, value_low,
                                   value_high, source, method, method_version, coverage,
                                   warnings, details, run_id)
VALUES (%(indicator_id)s, %(period)s, %(period_start)s, %(value)s, %(value_low)s,
        %(value_high)s, 'computed', %(method)s, %(method_version)s, %(coverage)s, %(warnings)s,
        %(details)s, %(run_id)s)
ON CONFLICT (indicator_id, period, period_start) DO UPDATE
SET value = excluded.value, value_low = excluded.value_low, value_high = excluded.value_high,
    method = excluded.method, method_version = excluded.method_version,
    coverage = excluded.coverage, warnings = excluded.warnings, details = excluded.details,
    run_id = excluded.run_id, recorded_at = now()
WHERE v.source = 'computed'
