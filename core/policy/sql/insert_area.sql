-- A new drawn area of a territory.
INSERT INTO scope_areas (territory_id, name, geometry)
VALUES (%(territory_id)s, %(name)s, %(geometry)s)
RETURNING id
