-- An indicator's values of one period kind whose period starts in [from, to), in local dates of
-- the territory, oldest first, paged by period start.
SELECT period, period_start, value, value_low, value_high, source, method, method_version,
       coverage, warnings, details, entered_by, recorded_at
FROM indicator_values
WHERE indicator_id = %(indicator_id)s AND period = %(period)s
  AND period_start >= %(from)s AND period_start < %(to)s
  AND (%(after)s::date IS NULL OR period_start > %(after)s)
ORDER BY period_start
LIMIT %(limit)s
