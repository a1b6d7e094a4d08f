-- The non-routine adjustments recorded for an action, withdrawn ones too, oldest first, paged
-- by id.
SELECT id, action_code, kind, starts_on, ends_on, kwh_per_year, asset_kind, asset_code, reason,
       recorded_by, recorded_by_name, recorded_at, withdrawn_at, withdrawn_by,
       withdrawn_by_name, withdrawal_reason
FROM effect_adjustment_log
WHERE action_id = %(action_id)s
  AND (%(id)s::integer IS NULL OR id = %(id)s)
  AND (%(after)s::integer IS NULL OR id > %(after)s)
ORDER BY id
LIMIT %(limit)s
