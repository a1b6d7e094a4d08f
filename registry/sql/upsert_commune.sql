-- The id of a territory's commune, created or renamed as the district file says.
INSERT INTO communes AS c (territory_id, insee_code, name)
VALUES (%(territory_id)s, %(insee_code)s, %(commune)s)
ON CONFLICT (territory_id, insee_code) DO UPDATE SET name = EXCLUDED.name
RETURNING id
