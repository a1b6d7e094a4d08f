-- Where an alert's subject is (marked) and what stands around it: the other light points of its
-- district (a light point, a district), the points its cabinet feeds (a cabinet), the other
-- buildings of its district (a building, a meter). At most %(limit)s points around, spread over
-- the whole set.
WITH subject AS (
    SELECT a.subject_kind, a.subject_id FROM alerts a WHERE a.id = %(alert_id)s
),
marked AS (
    SELECT lp.longitude, lp.latitude, lp.district_id, NULL::integer AS cabinet_id
    FROM subject s JOIN light_points lp ON s.subject_kind = 'light_point' AND lp.id = s.subject_id
    UNION ALL
    SELECT cc.longitude, cc.latitude, NULL, cc.id
    FROM subject s JOIN control_cabinets cc ON s.subject_kind = 'cabinet' AND cc.id = s.subject_id
    UNION ALL
    SELECT b.longitude, b.latitude, b.district_id, NULL
    FROM subject s
    JOIN meters m ON s.subject_kind = 'meter' AND m.id = s.subject_id
    JOIN buildings b ON b.id = m.building_id
    WHERE b.longitude IS NOT NULL
    UNION ALL
    SELECT b.longitude, b.latitude, b.district_id, NULL
    FROM subject s JOIN buildings b ON s.subject_kind = 'building' AND b.id = s.subject_id
    WHERE b.longitude IS NOT NULL
),
around AS (
    SELECT lp.longitude, lp.latitude, row_number() OVER (ORDER BY lp.id) AS n,
           count(*) OVER () AS total
    FROM light_points lp, subject s
    WHERE (s.subject_kind IN ('light_point', 'district') AND lp.district_id = coalesce(
               (SELECT district_id FROM marked LIMIT 1),
               CASE WHEN s.subject_kind = 'district' THEN s.subject_id END))
       OR (s.subject_kind = 'cabinet' AND lp.cabinet_id = s.subject_id)
    UNION ALL
    SELECT b.longitude, b.latitude, row_number() OVER (ORDER BY b.id), count(*) OVER ()
    FROM buildings b, subject s
    WHERE s.subject_kind IN ('building', 'meter') AND b.longitude IS NOT NULL
      AND b.district_id = (SELECT district_id FROM marked LIMIT 1)
)
SELECT longitude, latitude, true AS marked FROM marked
UNION ALL
SELECT longitude, latitude, false FROM around
WHERE n %% greatest(1, ceil(total::float8 / %(limit)s)::bigint) = 0
