-- A new indicator.
INSERT INTO indicators (code, title, description, kind, unit, direction, policy_id, mission_id,
                        action_id, computation, parameters, baseline_value, baseline_on)
VALUES (%(code)s, %(title)s, %(description)s, %(kind)s, %(unit)s, %(direction)s, %(policy_id)s,
        %(mission_id)s, %(action_id)s, %(computation)s, %(parameters)s, %(baseline_value)s,
        %(baseline_on)s)
RETURNING id
