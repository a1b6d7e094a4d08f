-- Withdraw an action's adjustment (core/migrations/0067): one row (adjustment_id, withdrawn_at,
-- changed), changed false when it was already withdrawn; no row when there is no such one.
SELECT adjustment_id, withdrawn_at, changed
FROM vigie_withdraw_adjustment(%(id)s, %(action_id)s, %(person_id)s, %(reason)s)
