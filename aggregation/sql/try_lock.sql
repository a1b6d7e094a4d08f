-- Take the aggregation's session lock without waiting: one follower works at a time.
SELECT pg_try_advisory_lock(hashtext('vigie-aggregation'))
