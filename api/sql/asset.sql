-- An asset's id by kind and code.
SELECT id FROM light_points WHERE %(kind)s = 'light_point' AND code = %(code)s
UNION ALL
SELECT id FROM control_cabinets WHERE %(kind)s = 'cabinet' AND code = %(code)s
UNION ALL
SELECT id FROM meters WHERE %(kind)s = 'meter' AND code = %(code)s
UNION ALL
SELECT id FROM districts WHERE %(kind)s = 'district' AND code = %(code)s
