-- A new analysis or recommendation.
INSERT INTO analyses (mission_id, action_id, kind, written_on, author_id, body, window_start,
                      window_end)
VALUES (%(mission_id)s, %(action_id)s, %(kind)s, %(written_on)s, %(author_id)s, %(body)s,
        %(window_start)s, %(window_end)s)
RETURNING id
