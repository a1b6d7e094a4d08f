-- Light points of a territory: code, id and the cabinet feeding it.
SELECT lp.code, lp.id, lp.cabinet_id
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %(territory)s
