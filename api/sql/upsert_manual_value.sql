-- A value entered by a person; it never replaces a computed value.
INSERT INTO indicator_values (indicator_id, period, period_start, value, source, method,
                              coverage, warnings, entered_by)
VALUES (%(indicator_id)s, %(period)s, %(period_start)s, %(value)s, 'manual', %(method)s,
        %(coverage)s, %(warnings)s, %(entered_by)s)
ON CONFLICT (indicator_id, period, period_start) DO UPDATE
SET value = excluded.value, method = excluded.method, coverage = excluded.coverage,
    warnings = excluded.warnings, entered_by = excluded.entered_by, recorded_at = now()
WHERE indicator_values.source = 'manual'
RETURNING period, period_start, value, value_low, value_high, source, method, method_version,
          coverage, warnings, details, entered_by, recorded_at
