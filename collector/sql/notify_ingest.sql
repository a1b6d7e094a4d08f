-- Tell listening workers which batches were committed (delivered when the transaction commits).
SELECT pg_notify('vigie_ingest', %(payload)s)
