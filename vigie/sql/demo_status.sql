-- What the demo shows while it runs: readings stored, dead letters, alerts still open.
SELECT (SELECT coalesce(sum(rows), 0) FROM ingest_batches) AS readings,
       (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_letters,
       (SELECT count(*) FROM alerts WHERE state IN ('open', 'acknowledged')) AS open_alerts,
       (SELECT count(*) FROM alerts WHERE state IN ('open', 'acknowledged')
                                      AND severity IN ('high', 'critical')) AS serious_alerts,
       (SELECT max(committed_at) FROM ingest_batches) AS last_batch
