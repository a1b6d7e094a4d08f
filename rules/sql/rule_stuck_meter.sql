-- A stuck electricity register: its readings over the last %(stuck_hours)s hours up to the end
-- of the window span that whole time and never move (a building always has a baseload).
-- Clears as soon as the register moves again.
WITH touched AS (
    SELECT DISTINCT meter_id
    FROM meter_readings
    WHERE ts >= %(window_start)s AND ts <= %(window_end)s
),
spans AS (
    SELECT m.id, m.code, m.building_id, min(r.ts) AS first_ts, max(r.ts) AS last_ts,
           max(r.value) - min(r.value) AS moved
    FROM touched t
    JOIN meters m ON m.id = t.meter_id
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE c.territory_id = %(territory_id)s
      AND m.reading_kind = 'cumulative'
      AND m.quantity = 'electricity'
      AND r.ts >= %(window_end)s::timestamptz - make_interval(hours => %(stuck_hours)s)
      AND r.ts <= %(window_end)s
    GROUP BY m.id, m.code, m.building_id
)
SELECT id AS subject_id,
       CASE WHEN moved > 0 THEN false
            WHEN last_ts - first_ts
                 >= make_interval(hours => %(stuck_hours)s) - interval '1 hour' THEN true
       END AS firing,
       NULL::text AS severity,
       'building:' || building_id AS group_key,
       jsonb_build_object('code', code, 'since', first_ts, 'last_reading', last_ts) AS details
FROM spans
