INSERT INTO alert_recipients (territory_id, subject_kind, person_id)
VALUES (%(territory_id)s, %(subject_kind)s, %(person_id)s)
