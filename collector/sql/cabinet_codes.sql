-- Control cabinets of a territory: code and id.
SELECT cc.code, cc.id
FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
