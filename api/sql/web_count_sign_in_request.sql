-- Record a request of a sign-in link for an address (by its SHA-256); return how many were made
-- for it within the last hour, this one included.
WITH recorded AS (
    INSERT INTO web_sign_in_requests (email_sha256, requested_at)
    VALUES (%(email_sha256)s, %(now)s)
)
SELECT count(*) + 1 FROM web_sign_in_requests
WHERE email_sha256 = %(email_sha256)s AND requested_at > %(now)s::timestamptz - interval '1 hour'
