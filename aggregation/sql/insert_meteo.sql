-- Record a new météo of a subject (only called when it changed).
INSERT INTO meteo_history (subject_kind, subject_id, status, explanation, drivers, changed_at)
VALUES (%(subject_kind)s, %(subject_id)s, %(status)s, %(explanation)s, %(drivers)s, %(changed_at)s)
