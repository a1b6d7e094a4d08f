-- Set an indicator's target for a date.
INSERT INTO indicator_targets (indicator_id, target_on, value)
VALUES (%(indicator_id)s, %(target_on)s, %(value)s)
ON CONFLICT (indicator_id, target_on) DO UPDATE SET value = excluded.value
