-- A building's day of electricity and indoor comfort as a table the aggregation keeps, so that
-- the buildings dashboard asked for more than a couple of days reads one row per building and
-- day instead of the meters' hourly means (7.2 M rows a year for Angers' 820 meters). The
-- aggregation recomputes it right after the meters' hourly and daily rollups, for the days that
-- hold the hours it recomputed, in the same transaction (recompute_building_daily).
--
-- Its days are UTC days, [day_start, day_start + 1 day): the ones Grafana's 1-day time groups
-- cut, so that a panel's days come out of it whole. Occupancy is the dashboard's: weekdays from
-- 07:00 to 19:00 Europe/Paris (extract(isodow) <= 5 and extract(hour) between 7 and 18), every
-- other hour is out of occupancy. Of the building's electricity meters: the sum of their hours,
-- the sum out of occupancy, how many meter-hours and their covered hours; of its indoor
-- temperature meters: how many meter-hours, and how many of the occupied ones were above 19 °C.

CREATE TABLE building_daily (
    building_id              integer NOT NULL,
    day_start                timestamptz NOT NULL
                             CHECK (day_start = date_trunc('day', day_start, 'UTC')),
    electricity_kwh          double precision NOT NULL DEFAULT 0,
    out_of_hours_kwh         double precision NOT NULL DEFAULT 0,
    electricity_hours        integer NOT NULL DEFAULT 0 CHECK (electricity_hours >= 0),
    electricity_covered_h    double precision NOT NULL DEFAULT 0
                             CHECK (electricity_covered_h >= 0),
    temperature_hours        integer NOT NULL DEFAULT 0 CHECK (temperature_hours >= 0),
    occupied_hours_above_19  integer NOT NULL DEFAULT 0 CHECK (occupied_hours_above_19 >= 0),
    computed_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (building_id, day_start)
);
CREATE INDEX building_daily_day_idx ON building_daily (day_start);

-- The days of some buildings computed from their meters' hours in [p_from, p_to) (whole UTC
-- days): the one definition of a building day, for this migration, the aggregation
-- (recompute_building_daily) and a meter that moves.
CREATE FUNCTION building_days_from_hours(
    p_buildings integer[], p_from timestamptz, p_to timestamptz
) RETURNS TABLE (
    building_id integer, day_start timestamptz, electricity_kwh double precision,
    out_of_hours_kwh double precision, electricity_hours integer,
    electricity_covered_h double precision, temperature_hours integer,
    occupied_hours_above_19 integer
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $function$
    SELECT m.building_id, date_trunc('day', h.hour_start, 'UTC'),
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity'), 0),
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity' AND NOT o.occupied),
                    0),
           (count(*) FILTER (WHERE m.quantity = 'electricity'))::integer,
           coalesce(sum(h.coverage) FILTER (WHERE m.quantity = 'electricity'), 0),
           (count(*) FILTER (WHERE m.quantity = 'indoor_temperature'))::integer,
           (count(*) FILTER (WHERE m.quantity = 'indoor_temperature' AND o.occupied
                                   AND h.value > 19))::integer
    FROM meters m
    JOIN meter_rollups_hourly h ON h.meter_id = m.id
    CROSS JOIN LATERAL (
        SELECT NOT (extract(isodow FROM h.hour_start AT TIME ZONE 'Europe/Paris') > 5
                    OR extract(hour FROM h.hour_start AT TIME ZONE 'Europe/Paris')
                       NOT BETWEEN 7 AND 18) AS occupied
    ) o
    WHERE m.building_id = ANY (p_buildings)
      AND m.quantity IN ('electricity', 'indoor_temperature')
      AND h.hour_start >= p_from AND h.hour_start < p_to
    GROUP BY m.building_id, date_trunc('day', h.hour_start, 'UTC')
$function$;

-- Every day already rolled up.
INSERT INTO building_daily
    (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
     electricity_covered_h, temperature_hours, occupied_hours_above_19)
SELECT d.*
FROM building_days_from_hours((SELECT array_agg(id) FROM buildings), '-infinity', 'infinity') d;

-- A meter the registry moves to another building (or gives another quantity) takes its hours
-- with it: the days it has hours in are summed again for both buildings.
CREATE FUNCTION building_daily_meter_move() RETURNS trigger
LANGUAGE plpgsql AS $function$
DECLARE
    first_start timestamptz;
    last_end timestamptz;
BEGIN
    SELECT date_trunc('day', min(hour_start), 'UTC'),
           date_trunc('day', max(hour_start), 'UTC') + interval '1 day'
    INTO first_start, last_end
    FROM meter_rollups_hourly WHERE meter_id = NEW.id;
    IF first_start IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM building_daily
    WHERE building_id IN (OLD.building_id, NEW.building_id)
      AND day_start >= first_start AND day_start < last_end;
    INSERT INTO building_daily
        (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
         electricity_covered_h, temperature_hours, occupied_hours_above_19)
    SELECT d.*
    FROM building_days_from_hours(ARRAY[OLD.building_id, NEW.building_id], first_start,
                                  last_end) d;
    RETURN NULL;
END
$function$;

CREATE TRIGGER meters_building_move_daily
AFTER UPDATE OF building_id, quantity ON meters
FOR EACH ROW WHEN (OLD.building_id IS DISTINCT FROM NEW.building_id
                   OR OLD.quantity IS DISTINCT FROM NEW.quantity)
EXECUTE FUNCTION building_daily_meter_move();

GRANT SELECT ON building_daily TO vigie_collector, vigie_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON building_daily TO vigie_worker;

-- For Grafana, by territory (0146): the buildings' days with their building's and territory's
-- codes, only of the territories the login may read.
CREATE VIEW reporting.building_daily WITH (security_barrier) AS
SELECT b.code AS building_code, r.day_start, r.electricity_kwh, r.out_of_hours_kwh,
       r.electricity_hours, r.electricity_covered_h, r.temperature_hours,
       r.occupied_hours_above_19, t.code AS territory
FROM building_daily r
JOIN buildings b ON b.id = r.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

-- The whole UTC days of a dashboard's range [from, to] that a panel reads from daily rollups:
-- [reporting.whole_days_start, reporting.whole_days_end), from the first midnight at or after
-- `from` to the last one at or before `to`; the hours before and after are read from hourly
-- rollups. A range of 2 days or less is read from hours only: both are 'infinity'.
CREATE FUNCTION reporting.whole_days_start(p_from timestamptz, p_to timestamptz)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN p_to - p_from > interval '2 days'
            THEN date_trunc('day', p_from - interval '1 microsecond', 'UTC') + interval '1 day'
            ELSE 'infinity' END;

CREATE FUNCTION reporting.whole_days_end(p_from timestamptz, p_to timestamptz)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN p_to - p_from > interval '2 days' THEN date_trunc('day', p_to, 'UTC')
            ELSE 'infinity' END;

-- Default privileges (0040) let vigie_grafana read the new view; the services read it too.
GRANT SELECT ON reporting.building_daily TO vigie_worker, vigie_api;
