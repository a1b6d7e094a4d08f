-- Open the record of one indicator computation run.
INSERT INTO indicator_runs (period, period_from, period_to)
VALUES (%(period)s, %(period_from)s, %(period_to)s)
RETURNING id
