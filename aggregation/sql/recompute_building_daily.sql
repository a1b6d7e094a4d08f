-- Recompute the UTC days of a territory's buildings that hold an hour in [from, to) (run right
-- after recompute_meter_hourly, in the same transaction), from the meters' hourly rollups
-- (building_days_from_hours, migrations 0152 and 0162): the electricity and the part of it out
-- of occupancy (weekdays 07:00-19:00 on the clock of the building's territory, as the buildings
-- dashboard counts it), the meter-hours, the occupied hours above 19 °C and the sum of the
-- indoor temperature's hours. A
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
), days AS (
    SELECT d.*
    FROM bounds b
    CROSS JOIN LATERAL building_days_from_hours(
        ARRAY(SELECT id FROM buildings_here), b.first_start, b.last_end
    ) d
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
     electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
SELECT building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
       electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum
FROM days
ON CONFLICT (building_id, day_start) DO UPDATE
SET electricity_kwh = excluded.electricity_kwh, out_of_hours_kwh = excluded.out_of_hours_kwh,
    electricity_hours = excluded.electricity_hours,
    electricity_covered_h = excluded.electricity_covered_h,
    temperature_hours = excluded.temperature_hours,
    occupied_hours_above_19 = excluded.occupied_hours_above_19,
    temperature_sum = excluded.temperature_sum, computed_at = now()
WHERE (t.electricity_kwh, t.out_of_hours_kwh, t.electricity_hours, t.electricity_covered_h,
       t.temperature_hours, t.occupied_hours_above_19, t.temperature_sum)
      IS DISTINCT FROM (excluded.electricity_kwh, excluded.out_of_hours_kwh,
                        excluded.electricity_hours, excluded.electricity_covered_h,
                        excluded.temperature_hours, excluded.occupied_hours_above_19,
                        excluded.temperature_sum)
