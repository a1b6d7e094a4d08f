-- An asset's id by kind and code, if it is the territory's.
SELECT lp.id FROM light_points lp
JOIN districts d ON d.id = lp.district_id JOIN communes c ON c.id = d.commune_id
WHERE %(kind)s = 'light_point' AND lp.code = %(code)s AND c.territory_id = %(territory_id)s
UNION ALL
SELECT cc.id FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id JOIN communes c ON c.id = d.commune_id
WHERE %(kind)s = 'cabinet' AND cc.code = %(code)s AND c.territory_id = %(territory_id)s
UNION ALL
SELECT m.id FROM meters m
JOIN buildings b ON b.id = m.building_id JOIN communes c ON c.id = b.commune_id
WHERE %(kind)s = 'meter' AND m.code = %(code)s AND c.territory_id = %(territory_id)s
UNION ALL
SELECT d.id FROM districts d JOIN communes c ON c.id = d.commune_id
WHERE %(kind)s = 'district' AND d.code = %(code)s AND c.territory_id = %(territory_id)s
