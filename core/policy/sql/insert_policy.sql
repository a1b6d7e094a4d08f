-- A new policy of a territory.
INSERT INTO policies (territory_id, code, title, ambition)
VALUES (%(territory_id)s, %(code)s, %(title)s, %(ambition)s)
RETURNING id
