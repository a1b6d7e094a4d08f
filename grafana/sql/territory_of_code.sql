-- The id of a territory by its code.
SELECT id FROM territories WHERE code = %(code)s
