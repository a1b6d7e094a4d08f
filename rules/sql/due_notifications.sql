-- Pending notifications whose next attempt is due, locked so that no other worker sends them.
SELECT id, channel, kind, recipient, subject, body, payload, attempts, idempotency_key
FROM notifications
WHERE status = 'pending' AND next_attempt_at <= %(now)s
ORDER BY next_attempt_at, id
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED
