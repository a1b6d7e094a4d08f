INSERT INTO districts (commune_id, code, name, lit_street_km)
VALUES (%(commune_id)s, %(code)s, %(name)s, %(lit_street_km)s)
RETURNING id
