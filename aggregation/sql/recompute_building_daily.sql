-- Recompute the UTC days of a territory's buildings that hold an hour in [from, to) (run right
-- after recompute_meter_hourly, in the same transaction), from the meters' hourly rollups: the
-- electricity and the part of it out of occupancy (weekdays 07:00-19:00 Europe/Paris, as the
-- buildings dashboard counts it), the meter-hours, and the occupied hours above 19 °C. A
-- building day of the window whose meters no longer have hours there (a meter moved to another
-- building) is deleted.
WITH bounds AS (
    SELECT date_trunc('day', %(from)s::timestamptz, 'UTC') AS first_start,
           date_trunc('day', %(to)s::timestamptz - interval '1 microsecond', 'UTC')
               + interval '1 day' AS last_end
), buildings_here AS (
    SELECT b.id
    FROM buildings b
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
), meters_here AS (
    SELECT m.id, m.building_id, m.quantity
    FROM meters m
    JOIN buildings_here b ON b.id = m.building_id
    WHERE m.quantity IN ('electricity', 'indoor_temperature')
), hours AS (
    SELECT m.building_id, m.quantity, h.hour_start, h.value, h.coverage,
           NOT (extract(isodow FROM h.hour_start AT TIME ZONE 'Europe/Paris') > 5
                OR extract(hour FROM h.hour_start AT TIME ZONE 'Europe/Paris')
                   NOT BETWEEN 7 AND 18) AS occupied
    FROM meter_rollups_hourly h
    JOIN meters_here m ON m.id = h.meter_id
    CROSS JOIN bounds b
    WHERE h.hour_start >= b.first_start AND h.hour_start < b.last_end
), days AS (
    SELECT building_id, date_trunc('day', hour_start, 'UTC') AS day_start,
           coalesce(sum(value) FILTER (WHERE quantity = 'electricity'), 0) AS electricity_kwh,
           coalesce(sum(value) FILTER (WHERE quantity = 'electricity' AND NOT occupied), 0)
               AS out_of_hours_kwh,
           count(*) FILTER (WHERE quantity = 'electricity') AS electricity_hours,
           coalesce(sum(coverage) FILTER (WHERE quantity = 'electricity'), 0)
               AS electricity_covered_h,
           count(*) FILTER (WHERE quantity = 'indoor_temperature') AS temperature_hours,
           count(*) FILTER (WHERE quantity = 'indoor_temperature' AND occupied AND value > 19)
               AS occupied_hours_above_19
    FROM hours
    GROUP BY building_id, date_trunc('day', hour_start, 'UTC')
), gone AS (
    DELETE FROM building_daily t
    USING bounds b
    WHERE t.day_start >= b.first_start AND t.day_start < b.last_end
      AND t.building_id IN (SELECT id FROM buildings_here)
      AND NOT EXISTS (
          SELECT 1 FROM days d WHERE d.building_id = t.building_id AND d.day_start = t.day_start
      )
)
INSERT INTO building_daily AS t
    (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
     electricity_covered_h, temperature_hours, occupied_hours_above_19)
SELECT building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
       electricity_covered_h, temperature_hours, occupied_hours_above_19
FROM days
ON CONFLICT (building_id, day_start) DO UPDATE
SET electricity_kwh = excluded.electricity_kwh, out_of_hours_kwh = excluded.out_of_hours_kwh,
    electricity_hours = excluded.electricity_hours,
    electricity_covered_h = excluded.electricity_covered_h,
    temperature_hours = excluded.temperature_hours,
    occupied_hours_above_19 = excluded.occupied_hours_above_19, computed_at = now()
WHERE (t.electricity_kwh, t.out_of_hours_kwh, t.electricity_hours, t.electricity_covered_h,
       t.temperature_hours, t.occupied_hours_above_19)
      IS DISTINCT FROM (excluded.electricity_kwh, excluded.out_of_hours_kwh,
                        excluded.electricity_hours, excluded.electricity_covered_h,
                        excluded.temperature_hours, excluded.occupied_hours_above_19)
