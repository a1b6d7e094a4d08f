-- A district's lighting hour as a table the aggregation keeps, so that dashboards asked for more
-- than a couple of days read hours of districts instead of raw readings of the whole fleet (about
-- 300,000 lamp readings an hour for Angers). The aggregation recomputes it right after the light
-- points' hourly rollups, for the same hours, in the same transaction
-- (recompute_district_lamp_hourly): the energy and covered light-point-hours of the points'
-- hourly rollups, how many points have a rollup that hour, and how many points reported a lamp
-- failure or burned by day during the hour (read from the raw readings of the hour).

CREATE TABLE district_lamp_hourly (
    district_id          integer NOT NULL,
    hour_start           timestamptz NOT NULL,
    energy_wh            double precision NOT NULL CHECK (energy_wh >= 0),
    covered_point_hours  double precision NOT NULL CHECK (covered_point_hours >= 0),
    points               integer NOT NULL CHECK (points >= 0),
    failing_points       integer NOT NULL DEFAULT 0 CHECK (failing_points >= 0),
    day_burner_points    integer NOT NULL DEFAULT 0 CHECK (day_burner_points >= 0),
    computed_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, hour_start)
);
CREATE INDEX district_lamp_hourly_hour_idx ON district_lamp_hourly (hour_start);

-- The energy of every hour already rolled up.
INSERT INTO district_lamp_hourly (district_id, hour_start, energy_wh, covered_point_hours, points)
SELECT lp.district_id, r.hour_start, sum(r.energy_wh), sum(r.coverage::float8), count(*)
FROM lamp_rollups_hourly r
JOIN light_points lp ON lp.id = r.light_point_id
GROUP BY lp.district_id, r.hour_start;

-- The failing and day-burning points of the last 35 days of raw readings (older hours keep 0:
-- reading the whole raw history here would hold the migration for hours on a large database).
WITH flagged AS (
    SELECT lp.district_id, date_trunc('hour', r.ts) AS hour_start,
           count(DISTINCT r.light_point_id) FILTER (WHERE r.lamp_failure) AS failing,
           count(DISTINCT r.light_point_id) FILTER (WHERE r.day_burner) AS burning
    FROM lamp_readings r
    JOIN light_points lp ON lp.id = r.light_point_id
    WHERE r.ts >= now() - interval '35 days' AND (r.lamp_failure OR r.day_burner)
    GROUP BY lp.district_id, date_trunc('hour', r.ts)
)
INSERT INTO district_lamp_hourly AS t
    (district_id, hour_start, energy_wh, covered_point_hours, points, failing_points,
     day_burner_points)
SELECT district_id, hour_start, 0, 0, 0, failing, burning
FROM flagged
ON CONFLICT (district_id, hour_start) DO UPDATE
SET failing_points = excluded.failing_points, day_burner_points = excluded.day_burner_points;

-- A light point the registry moves to another district takes its hourly energy with it, as its
-- daily rollups move (0060); the failures and day burning it showed stay where they were seen.
CREATE FUNCTION district_lamp_hourly_move() RETURNS trigger
LANGUAGE plpgsql AS $function$
BEGIN
    INSERT INTO district_lamp_hourly AS t
        (district_id, hour_start, energy_wh, covered_point_hours, points)
    SELECT NEW.district_id, r.hour_start, r.energy_wh, r.coverage, 1
    FROM lamp_rollups_hourly r
    WHERE r.light_point_id = NEW.id
    ON CONFLICT (district_id, hour_start) DO UPDATE
    SET energy_wh = t.energy_wh + excluded.energy_wh,
        covered_point_hours = t.covered_point_hours + excluded.covered_point_hours,
        points = t.points + 1, computed_at = now();
    UPDATE district_lamp_hourly t
    SET energy_wh = greatest(0.0, t.energy_wh - r.energy_wh),
        covered_point_hours = greatest(0.0, t.covered_point_hours - r.coverage),
        points = greatest(0, t.points - 1), computed_at = now()
    FROM lamp_rollups_hourly r
    WHERE r.light_point_id = OLD.id AND t.district_id = OLD.district_id
      AND t.hour_start = r.hour_start;
    DELETE FROM district_lamp_hourly
    WHERE district_id = OLD.district_id AND points = 0 AND failing_points = 0
      AND day_burner_points = 0;
    RETURN NULL;
END
$function$;

CREATE TRIGGER light_points_district_move_hourly
AFTER UPDATE OF district_id ON light_points
FOR EACH ROW WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id)
EXECUTE FUNCTION district_lamp_hourly_move();

GRANT SELECT ON district_lamp_hourly TO vigie_collector, vigie_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON district_lamp_hourly TO vigie_worker;
