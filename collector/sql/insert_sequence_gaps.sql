-- Holes in devices' message numbers: messages lost before they reached the collector.
INSERT INTO sequence_gaps (kind, device_id, after_seq, before_seq, missing, collector)
SELECT kind, device_id, after_seq, before_seq, before_seq - after_seq - 1, %(collector)s
FROM unnest(%(kinds)s::text[], %(ids)s::integer[], %(afters)s::bigint[], %(befores)s::bigint[])
    AS g(kind, device_id, after_seq, before_seq)
