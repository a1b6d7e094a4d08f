-- Everything an indicator says but its code, as a whole; no row when nothing changes.
UPDATE indicators
SET title = %(title)s, description = %(description)s, kind = %(kind)s, unit = %(unit)s,
    direction = %(direction)s, policy_id = %(policy_id)s, mission_id = %(mission_id)s,
    action_id = %(action_id)s, computation = %(computation)s, parameters = %(parameters)s,
    baseline_value = %(baseline_value)s, baseline_on = %(baseline_on)s
WHERE id = %(id)s
  AND (title, description, kind, unit, direction, policy_id, mission_id, action_id, computation,
       parameters, baseline_value, baseline_on)
      IS DISTINCT FROM
      (%(title)s::text, %(description)s::text, %(kind)s::text, %(unit)s::text,
       %(direction)s::text, %(policy_id)s::integer, %(mission_id)s::integer,
       %(action_id)s::integer, %(computation)s::text, %(parameters)s::jsonb,
       %(baseline_value)s::float8, %(baseline_on)s::date)
RETURNING id
