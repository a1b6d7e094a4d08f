-- Resolve a rule's live group alerts whose group no longer stands (``keep``: the group keys that
-- still do) and release their live members, returned to be routed again one by one.
WITH gone AS (
    UPDATE alerts g
    SET state = 'resolved', resolved_at = %(now)s
    WHERE g.territory_id = %(territory_id)s AND g.rule_id = %(rule_id)s
      AND g.subject_kind IN ('cabinet', 'district') AND g.state IN ('open', 'acknowledged')
      AND NOT g.group_key = ANY(%(keep)s::text[])
    RETURNING g.id
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind, comment)
    SELECT id, %(now)s, 'resolved', 'fewer alerts left in the group' FROM gone
)
UPDATE alerts m
SET grouped_in = NULL
FROM gone
WHERE m.grouped_in = gone.id AND m.state IN ('open', 'acknowledged')
RETURNING m.id
