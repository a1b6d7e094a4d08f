-- A policy by code, with its territory (codes are unique across territories).
SELECT id, territory_id FROM policies WHERE code = %(code)s
