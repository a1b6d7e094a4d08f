-- Define (or redefine) an indicator by its code; returns its id.
INSERT INTO indicators (code, title, kind, unit, direction, mission_id, action_id, computation,
                        parameters, baseline_value, baseline_on)
VALUES (%(code)s, %(title)s, %(kind)s, %(unit)s, %(direction)s, %(mission_id)s, %(action_id)s,
        %(computation)s, %(parameters)s, %(baseline_value)s, %(baseline_on)s)
ON CONFLICT (code) DO UPDATE
SET title = excluded.title, kind = excluded.kind, unit = excluded.unit,
    direction = excluded.direction, mission_id = excluded.mission_id,
    action_id = excluded.action_id, computation = excluded.computation,
    parameters = excluded.parameters, baseline_value = excluded.baseline_value,
    baseline_on = excluded.baseline_on
RETURNING id
