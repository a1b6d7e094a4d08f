INSERT INTO analyses (mission_id, kind, written_on, author_id, body)
VALUES (%(mission_id)s, %(kind)s, %(written_on)s, %(author_id)s, %(body)s)
