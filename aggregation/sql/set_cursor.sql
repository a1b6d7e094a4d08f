-- Move a named consumer of ingest_batches forward, with the ids handled inside the margin.
INSERT INTO aggregation_cursors AS c (name, committed_at, recent_ids)
VALUES (%(name)s, %(committed_at)s, %(recent_ids)s)
ON CONFLICT (name) DO UPDATE
SET committed_at = excluded.committed_at, recent_ids = excluded.recent_ids, updated_at = now()
