SELECT
    (SELECT count(*) FROM light_points lp JOIN districts d ON d.id = lp.district_id
       JOIN communes c ON c.id = d.commune_id WHERE c.territory_id = %(territory_id)s) AS light_points,
    (SELECT count(*) FROM light_points_current lp JOIN districts d ON d.id = lp.district_id
       JOIN communes c ON c.id = d.commune_id
      WHERE c.territory_id = %(territory_id)s AND lp.technology = 'HPS') AS sodium_points,
    (SELECT count(*) FROM buildings b JOIN communes c ON c.id = b.commune_id
      WHERE c.territory_id = %(territory_id)s) AS buildings,
    (SELECT count(*) FROM actions a JOIN missions m ON m.id = a.mission_id
       JOIN policies p ON p.id = m.policy_id WHERE p.territory_id = %(territory_id)s) AS actions
