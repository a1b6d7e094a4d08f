-- A notification that could not be built: recorded as failed after one attempt, with the
-- reason, so that its alerts are not queued again and `vigie notifications list` shows it.
WITH refused AS (
    INSERT INTO notifications (idempotency_key, channel, kind, recipient, person_id, subject,
                               body, payload, status, attempts, next_attempt_at, last_error)
    VALUES (%(idempotency_key)s, %(channel)s, %(kind)s, %(recipient)s, %(person_id)s,
            %(subject)s, '', %(payload)s, 'failed', 1, %(now)s, %(error)s)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id
),
logged AS (
    INSERT INTO notification_deliveries (notification_id, attempt, at, ok, detail)
    SELECT id, 1, %(now)s, false, %(error)s FROM refused
)
SELECT id FROM refused
