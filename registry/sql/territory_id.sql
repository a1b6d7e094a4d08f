SELECT id FROM territories WHERE code = %(code)s
