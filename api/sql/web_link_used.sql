-- When an alert e-mail's link was used, if it was.
SELECT used_at FROM web_used_links WHERE token_sha256 = %(token_sha256)s
