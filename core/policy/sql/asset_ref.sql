-- A district, cabinet, light point or building of a territory by kind and code.
SELECT CASE %(kind)s::text
    WHEN 'district' THEN (
        SELECT d.id FROM districts d JOIN communes c ON c.id = d.commune_id
        WHERE c.territory_id = %(territory_id)s AND d.code = %(code)s)
    WHEN 'cabinet' THEN (
        SELECT cc.id FROM control_cabinets cc
        JOIN districts d ON d.id = cc.district_id JOIN communes c ON c.id = d.commune_id
        WHERE c.territory_id = %(territory_id)s AND cc.code = %(code)s)
    WHEN 'light_point' THEN (
        SELECT lp.id FROM light_points lp
        JOIN districts d ON d.id = lp.district_id JOIN communes c ON c.id = d.commune_id
        WHERE c.territory_id = %(territory_id)s AND lp.code = %(code)s)
    WHEN 'building' THEN (
        SELECT b.id FROM buildings b JOIN communes c ON c.id = b.commune_id
        WHERE c.territory_id = %(territory_id)s AND b.code = %(code)s)
END
