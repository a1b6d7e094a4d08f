-- The non-routine adjustments recorded for an action, withdrawn ones too, oldest first.
SELECT id, kind, starts_on, ends_on, kwh_per_year, asset_kind, asset_code, reason,
       recorded_by_name, recorded_at, withdrawn_at, withdrawn_by_name, withdrawal_reason
FROM effect_adjustment_log
WHERE action_id = %(action_id)s
ORDER BY id
