-- Dead letters whose readings are now stored.
UPDATE dead_letters
SET replayed_at = now(), replay_count = replay_count + 1
WHERE id = ANY(%(ids)s)
