-- One queuer at a time, until the end of the transaction ("vigie-notify").
SELECT pg_advisory_xact_lock(hashtextextended('vigie-notify', 0))
