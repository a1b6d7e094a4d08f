-- A territory's id by code.
SELECT id FROM territories WHERE code = %(code)s
