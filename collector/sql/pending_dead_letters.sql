-- Dead letters not replayed yet, oldest first; kind null = every kind. A letter that kept only a
-- prefix of its payload cannot be replayed and is never listed.
SELECT id, received_at, topic, payload, error_kind, reason, replay_count
FROM dead_letters
WHERE replayed_at IS NULL
  AND (%(kind)s::text IS NULL OR error_kind = %(kind)s::text)
  AND (payload_bytes IS NULL OR octet_length(payload) = payload_bytes)
  AND id > %(after_id)s
ORDER BY id
LIMIT %(limit)s
