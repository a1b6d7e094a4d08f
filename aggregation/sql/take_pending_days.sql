-- The pending days of one kind of a territory, taken off the list (they are recomputed in the
-- same transaction).
DELETE FROM rollup_days_pending
WHERE territory_id = %(territory_id)s AND kind = %(kind)s
RETURNING day
