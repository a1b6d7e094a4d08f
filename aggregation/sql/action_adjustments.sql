-- The non-routine adjustments recorded for an action and not withdrawn.
SELECT id, kind, starts_on, ends_on, kwh_per_year, reason
FROM effect_adjustments
WHERE action_id = %(action_id)s AND withdrawn_at IS NULL
ORDER BY starts_on, id
