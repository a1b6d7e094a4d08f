-- A cumulative register going backwards inside the window. A rollover is a fall from above
-- %(rollover_fraction)s of the register's maximum (the delta is still computable); any other
-- fall is a reset or a meter swap (a non-routine event: no delta). %(want_rollover)s picks
-- which of the two this rule reports. False when the window has no fall of that kind.
WITH touched AS (
    SELECT DISTINCT meter_id
    FROM meter_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
series AS (
    SELECT m.id, m.code, m.building_id, m.register_max, r.ts, r.value,
           lag(r.value) OVER (PARTITION BY m.id ORDER BY r.ts) AS previous
    FROM touched t
    JOIN meters m ON m.id = t.meter_id
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND m.reading_kind = 'cumulative'
      AND r.ts >= %(window_start)s::timestamptz - make_interval(days => 2)
      AND r.ts <= %(window_end)s
),
falls AS (
    SELECT id, code, building_id, ts, value, previous,
           (register_max IS NOT NULL
            AND previous > %(rollover_fraction)s * register_max) AS rollover
    FROM series
    WHERE ts >= %(window_start)s AND value < previous
)
SELECT s.id AS subject_id,
       bool_or(f.rollover IS NOT NULL AND f.rollover = %(want_rollover)s) AS firing,
       NULL::text AS severity,
       'building:' || s.building_id AS group_key,
       jsonb_build_object(
           'code', s.code,
           'at', max(f.ts) FILTER (WHERE f.rollover = %(want_rollover)s),
           'from_value', max(f.previous) FILTER (WHERE f.rollover = %(want_rollover)s),
           'to_value', min(f.value) FILTER (WHERE f.rollover = %(want_rollover)s)) AS details
FROM series s
LEFT JOIN falls f ON f.id = s.id AND f.ts = s.ts
WHERE s.ts >= %(window_start)s
GROUP BY s.id, s.code, s.building_id
