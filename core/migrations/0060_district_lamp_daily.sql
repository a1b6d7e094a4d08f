-- A district's lighting day as a table the aggregation keeps, instead of a sum over its light
-- points' daily rollups at every read (about 2,000 points a day for a large district). The
-- aggregation recomputes it with the points' daily rollups (recompute_district_lamp_daily), for
-- the same days, in the same transaction. It carries the energy, the light-point-days covered
-- (the sum of the points' coverage) and how many points have a rollup that day; coverage is
-- still read as covered point-days over the district's light points, as district_rollups_daily
-- has always counted it, so a point added to the registry counts as uncovered at once.

CREATE TABLE district_lamp_daily (
    district_id         integer NOT NULL,
    day                 date NOT NULL,
    energy_wh           double precision NOT NULL CHECK (energy_wh >= 0),
    covered_point_days  double precision NOT NULL CHECK (covered_point_days >= 0),
    points              integer NOT NULL CHECK (points >= 0),
    computed_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, day)
);
CREATE INDEX district_lamp_daily_day_idx ON district_lamp_daily (day);

INSERT INTO district_lamp_daily (district_id, day, energy_wh, covered_point_days, points)
SELECT lp.district_id, r.day, sum(r.energy_wh), sum(r.coverage::float8), count(*)
FROM lamp_rollups_daily r
JOIN light_points lp ON lp.id = r.light_point_id
GROUP BY lp.district_id, r.day;

-- A light point the registry moves to another district takes its daily rollups with it: they
-- leave the old district's days and join the new one's (a day left without points goes).
CREATE FUNCTION district_lamp_daily_move() RETURNS trigger
LANGUAGE plpgsql AS $function$
BEGIN
    INSERT INTO district_lamp_daily AS t (district_id, day, energy_wh, covered_point_days, points)
    SELECT NEW.district_id, r.day, r.energy_wh, r.coverage, 1
    FROM lamp_rollups_daily r
    WHERE r.light_point_id = NEW.id
    ON CONFLICT (district_id, day) DO UPDATE
    SET energy_wh = t.energy_wh + excluded.energy_wh,
        covered_point_days = t.covered_point_days + excluded.covered_point_days,
        points = t.points + 1, computed_at = now();
    UPDATE district_lamp_daily t
    SET energy_wh = greatest(0.0, t.energy_wh - r.energy_wh),
        covered_point_days = greatest(0.0, t.covered_point_days - r.coverage),
        points = t.points - 1, computed_at = now()
    FROM lamp_rollups_daily r
    WHERE r.light_point_id = OLD.id AND t.district_id = OLD.district_id AND t.day = r.day;
    DELETE FROM district_lamp_daily WHERE district_id = OLD.district_id AND points = 0;
    RETURN NULL;
END
$function$;

CREATE TRIGGER light_points_district_move
AFTER UPDATE OF district_id ON light_points
FOR EACH ROW WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id)
EXECUTE FUNCTION district_lamp_daily_move();

-- The view keeps its columns (and so its grants and the views on it: district_rollups_monthly,
-- reporting.district_energy_daily) but reads the table.
CREATE OR REPLACE VIEW district_rollups_daily AS
SELECT r.district_id, r.day, r.energy_wh / 1000.0 AS energy_kwh,
       r.covered_point_days / n.points AS coverage
FROM district_lamp_daily r
JOIN (SELECT district_id, count(*) AS points FROM light_points GROUP BY district_id) n
    ON n.district_id = r.district_id;
