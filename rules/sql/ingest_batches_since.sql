-- Batches committed since a moment (the cursor less a margin), oldest first. Batches of history
-- loaded by `vigie import readings` (collector 'vigie-import') are history, not events: the
-- reading rules do not judge them.
SELECT id, kind, ts_min, ts_max, committed_at
FROM ingest_batches
WHERE committed_at > %(since)s
  AND collector <> 'vigie-import'
ORDER BY committed_at, id
LIMIT %(limit)s
