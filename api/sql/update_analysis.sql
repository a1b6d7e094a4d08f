-- An analysis's text, date, kind and data window, as a whole.
UPDATE analyses
SET kind = %(kind)s, written_on = %(written_on)s, body = %(body)s,
    window_start = %(window_start)s, window_end = %(window_end)s, updated_at = now()
WHERE id = %(id)s
