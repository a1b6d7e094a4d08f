-- Record a non-routine adjustment of an action's baseline (core/migrations/0067): its id, or
-- null when the action's territory has no such asset.
SELECT vigie_record_adjustment(%(action_id)s, %(kind)s, %(starts_on)s, %(ends_on)s,
                               %(kwh_per_year)s, %(asset_kind)s, %(asset_code)s, %(reason)s,
                               %(person_id)s)
