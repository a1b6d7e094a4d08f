-- The first and last reading instants of a territory's light points, cabinets and meters.
SELECT least(l.ts_min, c.ts_min, m.ts_min), greatest(l.ts_max, c.ts_max, m.ts_max)
FROM (SELECT min(r.ts) AS ts_min, max(r.ts) AS ts_max
      FROM lamp_readings r
      JOIN light_points lp ON lp.id = r.light_point_id
      JOIN districts d ON d.id = lp.district_id
      JOIN communes c ON c.id = d.commune_id
      WHERE c.territory_id = %(territory_id)s) l,
     (SELECT min(r.ts) AS ts_min, max(r.ts) AS ts_max
      FROM cabinet_readings r
      JOIN control_cabinets cc ON cc.id = r.cabinet_id
      JOIN districts d ON d.id = cc.district_id
      JOIN communes c ON c.id = d.commune_id
      WHERE c.territory_id = %(territory_id)s) c,
     (SELECT min(r.ts) AS ts_min, max(r.ts) AS ts_max
      FROM meter_readings r
      JOIN meters m ON m.id = r.meter_id
      JOIN buildings b ON b.id = m.building_id
      JOIN communes c ON c.id = b.commune_id
      WHERE c.territory_id = %(territory_id)s) m
