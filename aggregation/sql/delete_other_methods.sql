-- Forget an action's computations as of a date by the methods its latest computation did not
-- give (its control group removed, say): what is shown as of that date is that computation.
DELETE FROM effects
WHERE action_id = %(action_id)s AND reporting_end = %(as_of)s
  AND NOT (method = ANY(%(methods)s::text[]))
