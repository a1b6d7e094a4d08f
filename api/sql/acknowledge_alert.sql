-- Acknowledge an open alert, with the same transition and history as the rules' own
-- (rules/sql/acknowledge_alert.sql): open -> acknowledged.
WITH changed AS (
    UPDATE alerts
    SET state = 'acknowledged', acknowledged_by = %(person_id)s, acknowledged_at = %(now)s,
        comment = coalesce(%(comment)s, comment)
    WHERE id = %(alert_id)s AND state = 'open'
    RETURNING id
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind, person_id, comment)
    SELECT id, %(now)s, 'acknowledged', %(person_id)s, %(comment)s FROM changed
)
SELECT id FROM changed
