-- The devices' new last message numbers.
INSERT INTO device_sequences AS s (kind, device_id, last_seq, updated_at)
SELECT kind, device_id, last_seq, now()
FROM unnest(%(kinds)s::text[], %(ids)s::integer[], %(lasts)s::bigint[])
    AS d(kind, device_id, last_seq)
ON CONFLICT (kind, device_id) DO UPDATE
SET last_seq = excluded.last_seq, updated_at = excluded.updated_at
