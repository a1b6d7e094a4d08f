-- The last message number stored of each device of a batch, locked until the batch commits so
-- that collectors sharing a subscription count each device's numbers one at a time.
SELECT s.kind, s.device_id, s.last_seq
FROM device_sequences s
JOIN unnest(%(kinds)s::text[], %(ids)s::integer[]) AS d(kind, device_id)
    ON d.kind = s.kind AND d.device_id = s.device_id
ORDER BY s.kind, s.device_id
FOR UPDATE OF s
