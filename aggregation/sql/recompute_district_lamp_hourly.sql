-- Recompute the lighting hours of a territory's districts for the hours in [from, to) (run right
-- after recompute_lamp_hourly, in the same transaction): energy, covered light-point-hours and
-- points from the points' hourly rollups; failing and day-burning points from the raw readings
-- of the hour.
WITH points AS (
    SELECT lp.id, lp.district_id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
), energy AS (
    SELECT p.district_id, r.hour_start, sum(r.energy_wh) AS energy_wh,
           sum(r.coverage::float8) AS covered, count(*) AS points
    FROM lamp_rollups_hourly r
    JOIN points p ON p.id = r.light_point_id
    WHERE r.hour_start >= %(from)s::timestamptz AND r.hour_start < %(to)s::timestamptz
    GROUP BY p.district_id, r.hour_start
), flagged AS (
    SELECT p.district_id, date_trunc('hour', r.ts, %(timezone)s) AS hour_start,
           count(DISTINCT r.light_point_id) FILTER (WHERE r.lamp_failure) AS failing,
           count(DISTINCT r.light_point_id) FILTER (WHERE r.day_burner) AS burning
    FROM lamp_readings r
    JOIN points p ON p.id = r.light_point_id
    WHERE r.ts >= %(from)s::timestamptz AND r.ts < %(to)s::timestamptz
      AND (r.lamp_failure OR r.day_burner)
    GROUP BY p.district_id, date_trunc('hour', r.ts, %(timezone)s)
)
INSERT INTO district_lamp_hourly AS t
    (district_id, hour_start, energy_wh, covered_point_hours, points, failing_points,
     day_burner_points)
SELECT coalesce(e.district_id, f.district_id), coalesce(e.hour_start, f.hour_start),
       coalesce(e.energy_wh, 0), coalesce(e.covered, 0), coalesce(e.points, 0),
       coalesce(f.failing, 0), coalesce(f.burning, 0)
FROM energy e
FULL JOIN flagged f ON f.district_id = e.district_id AND f.hour_start = e.hour_start
ON CONFLICT (district_id, hour_start) DO UPDATE
SET energy_wh = excluded.energy_wh, covered_point_hours = excluded.covered_point_hours,
    points = excluded.points, failing_points = excluded.failing_points,
    day_burner_points = excluded.day_burner_points, computed_at = now()
WHERE (t.energy_wh, t.covered_point_hours, t.points, t.failing_points, t.day_burner_points)
      IS DISTINCT FROM (excluded.energy_wh, excluded.covered_point_hours, excluded.points,
                        excluded.failing_points, excluded.day_burner_points)
