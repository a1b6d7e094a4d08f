INSERT INTO worker_cursors (name, committed_at, last_id, updated_at)
VALUES (%(name)s, %(committed_at)s, %(last_id)s, now())
ON CONFLICT (name) DO UPDATE
SET committed_at = greatest(worker_cursors.committed_at, EXCLUDED.committed_at),
    last_id = EXCLUDED.last_id, updated_at = now()
