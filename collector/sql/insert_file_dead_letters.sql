-- Dead letters of refused file rows; a row already kept (same file name, line and cells) is not
-- kept twice, so importing a file again adds no letter.
INSERT INTO dead_letters (topic, payload, error_kind, reason, collector, payload_bytes,
                          payload_sha256)
SELECT l.topic, l.payload, l.error_kind, l.reason, %(collector)s, octet_length(l.payload),
       encode(sha256(l.payload), 'hex')
FROM unnest(%(topics)s::text[], %(payloads)s::bytea[], %(kinds)s::text[], %(reasons)s::text[])
    AS l(topic, payload, error_kind, reason)
WHERE NOT EXISTS (
    SELECT 1 FROM dead_letters d
    WHERE d.topic LIKE 'file:%%' AND d.topic = l.topic AND d.payload = l.payload
)
