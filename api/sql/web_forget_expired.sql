-- Forget what no longer serves: requests older than a day, links expired a day ago, sessions
-- that ended or expired thirty days ago.
WITH requests AS (
    DELETE FROM web_sign_in_requests WHERE requested_at < %(now)s::timestamptz - interval '1 day'
),
links AS (
    DELETE FROM web_sign_in_links WHERE expires_at < %(now)s::timestamptz - interval '1 day'
)
DELETE FROM web_sessions
WHERE coalesce(ended_at, expires_at) < %(now)s::timestamptz - interval '30 days'
