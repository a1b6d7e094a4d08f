-- The version of the data a report reads: the newest stored batch of readings, computation of
-- effects, indicator value, météo, alert event, analysis and budget line. Two reports made from
-- the same version show the same figures.
SELECT jsonb_build_object(
    'readings_batch', (SELECT max(id) FROM ingest_batches),
    'effects_computed_at', (SELECT max(computed_at) FROM effects),
    'indicator_values_recorded_at', (SELECT max(recorded_at) FROM indicator_values),
    'meteo_changed_at', (SELECT max(changed_at) FROM meteo_history),
    'alert_event', (SELECT max(id) FROM alert_events),
    'analyses_updated_at', (SELECT max(updated_at) FROM analyses),
    'budget_line', (SELECT max(id) FROM budget_lines)
)
