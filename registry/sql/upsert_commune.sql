-- The id of a territory's commune, created or renamed as the district file says (an unchanged
-- commune is not written).
WITH written AS (
    INSERT INTO communes AS c (territory_id, insee_code, name)
    VALUES (%(territory_id)s, %(insee_code)s, %(commune)s)
    ON CONFLICT (territory_id, insee_code) DO UPDATE SET name = EXCLUDED.name
    WHERE c.name IS DISTINCT FROM EXCLUDED.name
    RETURNING id
)
SELECT id FROM written
UNION ALL
SELECT id FROM communes WHERE territory_id = %(territory_id)s AND insee_code = %(insee_code)s
LIMIT 1
