-- Dead letters not replayed yet, oldest first; kind null = every kind.
SELECT id, received_at, topic, payload, error_kind, reason, replay_count
FROM dead_letters
WHERE replayed_at IS NULL
  AND (%(kind)s::text IS NULL OR error_kind = %(kind)s::text)
  AND id > %(after_id)s
ORDER BY id
LIMIT %(limit)s
