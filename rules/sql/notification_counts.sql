-- What the worker's /health says of the outbox: failed for good, pending after a failure.
SELECT count(*) FILTER (WHERE status = 'failed') AS failed,
       count(*) FILTER (WHERE status = 'pending' AND attempts > 0) AS retrying,
       count(*) FILTER (WHERE status = 'pending') AS pending
FROM notifications
