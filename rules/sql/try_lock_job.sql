-- A session lock per job name: two workers never run the same job at once.
SELECT pg_try_advisory_lock(hashtextextended(%(name)s, 0))
