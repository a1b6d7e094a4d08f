INSERT INTO communes (territory_id, insee_code, name)
VALUES (%(territory_id)s, %(insee_code)s, %(name)s)
RETURNING id
