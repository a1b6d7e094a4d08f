-- A message for the session's next page (the outcome of a form).
UPDATE web_sessions SET flash = %(flash)s WHERE id = %(id)s
