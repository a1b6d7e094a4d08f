-- Where a named consumer of ingest_batches stands, and the batches it handled near that point.
SELECT committed_at, recent_ids FROM aggregation_cursors WHERE name = %(name)s
