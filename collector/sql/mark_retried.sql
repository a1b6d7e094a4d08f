-- Dead letters replayed and refused again: the newest reason is kept.
UPDATE dead_letters
SET replay_count = replay_count + 1, error_kind = %(error_kind)s, reason = %(reason)s
WHERE id = %(id)s
