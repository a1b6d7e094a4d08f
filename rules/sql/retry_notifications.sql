-- Give failed notifications (one, or all with a NULL id) a new round of attempts, due now.
UPDATE notifications
SET status = 'pending', attempts = 0, next_attempt_at = %(now)s
WHERE status = 'failed' AND (%(id)s::bigint IS NULL OR id = %(id)s)
RETURNING id
