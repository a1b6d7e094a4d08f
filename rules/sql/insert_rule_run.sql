INSERT INTO rule_runs (job, rule_id, territory_id, trigger, started_at, duration_ms, subjects,
                       raised, opened, resolved)
VALUES (%(job)s, %(rule_id)s, %(territory_id)s, %(trigger)s, %(started_at)s, %(duration_ms)s,
        %(subjects)s, %(raised)s, %(opened)s, %(resolved)s)
