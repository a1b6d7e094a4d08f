-- Messages devices numbered (seq) that never reached the collector, found in the last
-- %(window_min)s minutes: a broker that dropped them (its queue full, a crash before it saved
-- the collector's session). One finding for the territory's fleet, naming the devices.
WITH gaps AS (
    SELECT g.kind, g.missing,
           CASE g.kind
               WHEN 'lamp' THEN (SELECT lp.code FROM light_points lp
                                 JOIN districts d ON d.id = lp.district_id
                                 JOIN communes c ON c.id = d.commune_id
                                 WHERE lp.id = g.device_id AND c.territory_id = %(territory_id)s)
               WHEN 'cabinet' THEN (SELECT cc.code FROM control_cabinets cc
                                    JOIN districts d ON d.id = cc.district_id
                                    JOIN communes c ON c.id = d.commune_id
                                    WHERE cc.id = g.device_id
                                      AND c.territory_id = %(territory_id)s)
               ELSE (SELECT m.code FROM meters m
                     JOIN buildings b ON b.id = m.building_id
                     JOIN communes c ON c.id = b.commune_id
                     WHERE m.id = g.device_id AND c.territory_id = %(territory_id)s)
           END AS code
    FROM sequence_gaps g
    WHERE g.detected_at > %(now)s::timestamptz - make_interval(mins => %(window_min)s)
      AND g.detected_at <= %(now)s
),
ours AS (
    SELECT code, sum(missing) AS missing FROM gaps WHERE code IS NOT NULL GROUP BY code
)
SELECT %(territory_id)s::integer AS subject_id,
       count(*) > 0 AS firing,
       NULL::text AS severity,
       'fleet:' || %(territory_id)s AS group_key,
       jsonb_build_object(
           'missing', coalesce(sum(missing), 0),
           'devices', count(*),
           'codes', coalesce(string_agg(code || ' (' || missing || ')', ', ' ORDER BY code)
                             FILTER (WHERE code IS NOT NULL), '')) AS details
FROM ours
