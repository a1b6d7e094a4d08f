-- Buckets (hour, day, month, year in the territory's time zone) of an asset's or a district's
-- rollups in [from, to): sum, mean, min and max of the base rollups in each bucket, their
-- count and mean coverage. Hour buckets read the hourly rollups, longer ones the daily ones.
-- Energy is in kWh; a meter's value is in its own unit.
WITH series AS (
    SELECT hour_start AS t, energy_wh / 1000.0 AS value, coverage FROM lamp_rollups_hourly
    WHERE %(kind)s = 'light_point' AND %(bucket)s = 'hour' AND light_point_id = %(id)s
      AND hour_start >= %(from)s AND hour_start < %(to)s
    UNION ALL
    SELECT day::timestamp AT TIME ZONE %(tz)s, energy_wh / 1000.0, coverage
    FROM lamp_rollups_daily
    WHERE %(kind)s = 'light_point' AND %(bucket)s <> 'hour' AND light_point_id = %(id)s
      AND day >= %(from_day)s AND day < %(to_day)s
    UNION ALL
    SELECT hour_start, energy_kwh, coverage FROM cabinet_rollups_hourly
    WHERE %(kind)s = 'cabinet' AND cabinet_id = %(id)s
      AND hour_start >= %(from)s AND hour_start < %(to)s
    UNION ALL
    SELECT hour_start, value, coverage FROM meter_rollups_hourly
    WHERE %(kind)s = 'meter' AND %(bucket)s = 'hour' AND meter_id = %(id)s
      AND hour_start >= %(from)s AND hour_start < %(to)s
    UNION ALL
    SELECT day::timestamp AT TIME ZONE %(tz)s, value, coverage FROM meter_consumption_daily
    WHERE %(kind)s = 'meter' AND %(bucket)s <> 'hour' AND meter_id = %(id)s
      AND day >= %(from_day)s AND day < %(to_day)s
    UNION ALL
    -- A district's day, kept by the aggregation; coverage over the district's light points.
    SELECT day::timestamp AT TIME ZONE %(tz)s, energy_wh / 1000.0,
           covered_point_days
               / nullif((SELECT count(*) FROM light_points WHERE district_id = %(id)s), 0)
    FROM district_lamp_daily
    WHERE %(kind)s = 'district' AND %(bucket)s <> 'hour' AND district_id = %(id)s
      AND day >= %(from_day)s AND day < %(to_day)s
)
SELECT date_trunc(%(bucket)s, t, %(tz)s) AS bucket_start, sum(value)::float8 AS sum,
       avg(value)::float8 AS mean, min(value)::float8 AS min, max(value)::float8 AS max,
       count(*) AS count, avg(coverage)::float8 AS coverage
FROM series
GROUP BY 1
ORDER BY 1
LIMIT %(limit)s
