-- Resolve an open or acknowledged alert by hand, as the rules do (rules/sql/resolve_alert.sql):
-- open | acknowledged -> resolved.
WITH changed AS (
    UPDATE alerts
    SET state = 'resolved', resolved_by = %(person_id)s, resolved_at = %(now)s,
        comment = coalesce(%(comment)s, comment)
    WHERE id = %(alert_id)s AND state IN ('open', 'acknowledged')
    RETURNING id
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind, person_id, comment)
    SELECT id, %(now)s, 'resolved', %(person_id)s, %(comment)s FROM changed
)
SELECT id FROM changed
