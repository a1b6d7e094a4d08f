INSERT INTO notifications (idempotency_key, channel, kind, recipient, person_id, subject, body,
                           payload, next_attempt_at)
VALUES (%(idempotency_key)s, %(channel)s, %(kind)s, %(recipient)s, %(person_id)s, %(subject)s,
        %(body)s, %(payload)s, %(now)s)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id
