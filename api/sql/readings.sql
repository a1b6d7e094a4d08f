-- Raw readings of one light point, cabinet or meter in [from, to), oldest first, paged by time;
-- the measured values as an object of the non-null columns.
SELECT ts, values FROM (
    SELECT r.ts, jsonb_strip_nulls(to_jsonb(r) - 'light_point_id' - 'ts' - 'received_at')
               AS values
    FROM lamp_readings r
    WHERE %(kind)s = 'light_point' AND r.light_point_id = %(id)s
      AND r.ts >= %(from)s AND r.ts < %(to)s AND r.ts > %(after)s
    UNION ALL
    SELECT r.ts, jsonb_strip_nulls(to_jsonb(r) - 'cabinet_id' - 'ts' - 'received_at')
    FROM cabinet_readings r
    WHERE %(kind)s = 'cabinet' AND r.cabinet_id = %(id)s
      AND r.ts >= %(from)s AND r.ts < %(to)s AND r.ts > %(after)s
    UNION ALL
    SELECT r.ts, jsonb_build_object('value', r.value)
    FROM meter_readings r
    WHERE %(kind)s = 'meter' AND r.meter_id = %(id)s
      AND r.ts >= %(from)s AND r.ts < %(to)s AND r.ts > %(after)s
) readings
ORDER BY ts
LIMIT %(limit)s
