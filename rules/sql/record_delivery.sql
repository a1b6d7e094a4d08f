-- One attempt at delivering a notification: log it, then mark the notification sent, failed
-- for good, or due again after a back-off; on success note it in each alert's history.
WITH attempt AS (
    INSERT INTO notification_deliveries (notification_id, attempt, at, ok, detail, duration_ms)
    VALUES (%(id)s, %(attempt)s, %(now)s, %(ok)s, %(detail)s, %(duration_ms)s)
),
updated AS (
    UPDATE notifications
    SET attempts = %(attempt)s,
        status = CASE WHEN %(ok)s THEN 'sent'
                      WHEN %(attempt)s >= %(max_attempts)s THEN 'failed'
                      ELSE 'pending' END,
        sent_at = CASE WHEN %(ok)s THEN %(now)s::timestamptz END,
        next_attempt_at = %(now)s::timestamptz + make_interval(secs => %(backoff_s)s),
        last_error = CASE WHEN %(ok)s THEN NULL ELSE %(detail)s END
    WHERE id = %(id)s
    RETURNING id, channel, status
)
INSERT INTO alert_events (alert_id, at, kind, details)
SELECT na.alert_id, %(now)s, 'notified',
       jsonb_build_object('notification', u.id, 'channel', u.channel)
FROM updated u
JOIN notification_alerts na ON na.notification_id = u.id
WHERE u.status = 'sent'
