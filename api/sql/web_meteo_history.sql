-- The météo of a mission or an action over time, newest first.
SELECT status, explanation, drivers, changed_at
FROM meteo_history
WHERE subject_kind = %(kind)s AND subject_id = %(id)s
ORDER BY changed_at DESC, id DESC
LIMIT %(limit)s
