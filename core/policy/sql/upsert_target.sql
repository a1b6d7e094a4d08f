-- An indicator's target for a date. Returns whether it is new; no row when nothing changes.
INSERT INTO indicator_targets AS t (indicator_id, target_on, value)
VALUES (%(indicator_id)s, %(target_on)s, %(value)s)
ON CONFLICT (indicator_id, target_on) DO UPDATE SET value = excluded.value
WHERE t.value IS DISTINCT FROM excluded.value
RETURNING xmax = 0 AS created
