-- Two changes to a building's day (building_daily, 0152), with one recomputation of every day:
--
-- * its indoor temperature's sum over the temperature meter-hours (temperature_sum), so that
--   the buildings dashboard's temperature panel over a long range reads a day's mean
--   (temperature_sum / temperature_hours) instead of the meters' hourly means;
-- * occupancy judged on the clock of the building's territory (territories.timezone): weekdays
--   from 07:00 to 19:00 local time, where 0152 took Europe/Paris for every territory. The
--   panels that read hours get the zone from reporting.meter_hourly's new column `timezone`.
--
-- The days stay UTC days, the ones Grafana's 1-day time groups cut.

ALTER TABLE building_daily
    ADD COLUMN temperature_sum double precision NOT NULL DEFAULT 0;

-- The function returns one more column: dropped and created again, with the trigger function
-- and the view that name its columns.
DROP VIEW reporting.building_daily;
DROP FUNCTION building_days_from_hours(integer[], timestamptz, timestamptz);

-- The days of some buildings computed from their meters' hours in [p_from, p_to) (whole UTC
-- days): the one definition of a building day, for this migration, the aggregation
-- (recompute_building_daily) and a meter that moves. An hour is occupied when, on the clock of
-- the building's territory, it starts on a weekday between 07:00 and 18:59.
CREATE FUNCTION building_days_from_hours(
    p_buildings integer[], p_from timestamptz, p_to timestamptz
) RETURNS TABLE (
    building_id integer, day_start timestamptz, electricity_kwh double precision,
    out_of_hours_kwh double precision, electricity_hours integer,
    electricity_covered_h double precision, temperature_hours integer,
    occupied_hours_above_19 integer, temperature_sum double precision
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
                                   AND h.value > 19))::integer,
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'indoor_temperature'), 0)
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN meter_rollups_hourly h ON h.meter_id = m.id
    CROSS JOIN LATERAL (
        SELECT NOT (extract(isodow FROM h.hour_start AT TIME ZONE t.timezone) > 5
                    OR extract(hour FROM h.hour_start AT TIME ZONE t.timezone)
                       NOT BETWEEN 7 AND 18) AS occupied
    ) o
    WHERE m.building_id = ANY (p_buildings)
      AND m.quantity IN ('electricity', 'indoor_temperature')
      AND h.hour_start >= p_from AND h.hour_start < p_to
    GROUP BY m.building_id, date_trunc('day', h.hour_start, 'UTC')
$function$;

-- Every day again, on its territory's clock and with its temperature sum.
DELETE FROM building_daily;
INSERT INTO building_daily
    (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
     electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
SELECT d.*
FROM building_days_from_hours((SELECT array_agg(id) FROM buildings), '-infinity', 'infinity') d;

-- A meter the registry moves to another building (or gives another quantity) takes its hours
-- with it: the days it has hours in are summed again for both buildings.
CREATE OR REPLACE FUNCTION building_daily_meter_move() RETURNS trigger
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
         electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
    SELECT d.*
    FROM building_days_from_hours(ARRAY[OLD.building_id, NEW.building_id], first_start,
                                  last_end) d;
    RETURN NULL;
END
$function$;

-- A territory that changes its time zone has its buildings' days judged again on its clock.
CREATE FUNCTION building_daily_territory_zone() RETURNS trigger
LANGUAGE plpgsql AS $function$
DECLARE
    here integer[];
BEGIN
    SELECT array_agg(b.id) INTO here
    FROM buildings b JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = NEW.id;
    IF here IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM building_daily WHERE building_id = ANY (here);
    INSERT INTO building_daily
        (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
         electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
    SELECT d.* FROM building_days_from_hours(here, '-infinity', 'infinity') d;
    RETURN NULL;
END
$function$;

CREATE TRIGGER territories_zone_building_daily
AFTER UPDATE OF timezone ON territories
FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
EXECUTE FUNCTION building_daily_territory_zone();

-- For Grafana, by territory (0146): the buildings' days with their building's and territory's
-- codes, only of the territories the login may read.
CREATE VIEW reporting.building_daily WITH (security_barrier) AS
SELECT b.code AS building_code, r.day_start, r.electricity_kwh, r.out_of_hours_kwh,
       r.electricity_hours, r.electricity_covered_h, r.temperature_hours,
       r.occupied_hours_above_19, t.code AS territory, r.temperature_sum
FROM building_daily r
JOIN buildings b ON b.id = r.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);

GRANT SELECT ON reporting.building_daily TO vigie_grafana, vigie_worker, vigie_api;

-- The meters' hours with their territory's time zone, for the panels that judge occupancy.
CREATE OR REPLACE VIEW reporting.meter_hourly WITH (security_barrier) AS
SELECT r.hour_start, m.code AS meter_code, b.code AS building_code, m.quantity, m.unit,
       r.value, r.coverage, t.code AS territory, t.timezone
FROM meter_rollups_hourly r
JOIN meters m ON m.id = r.meter_id
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);
