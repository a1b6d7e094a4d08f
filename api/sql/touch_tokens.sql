-- Record the tokens' use now (run by the API's token-use thread, never by a request).
UPDATE api_tokens SET last_used_at = now()
WHERE id = ANY(%(ids)s)
  AND (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds')
