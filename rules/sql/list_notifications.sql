-- Notifications for `vigie notifications list`, newest first: ``status`` one value or NULL.
SELECT id, status, channel, kind, recipient, attempts, created_at, next_attempt_at, sent_at,
       subject, last_error
FROM notifications
WHERE %(status)s::text IS NULL OR status = %(status)s
ORDER BY id DESC
LIMIT %(limit)s
