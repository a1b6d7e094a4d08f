SELECT building_code AS building,
       count(*) FILTER (WHERE value > 19 AND NOT (extract(isodow FROM hour_start AT TIME ZONE timezone) > 5 OR extract(hour FROM hour_start AT TIME ZONE timezone) NOT BETWEEN 7 AND 18)) AS hours_above_19
FROM reporting.meter_hourly
WHERE territory = '$territory' AND quantity = 'indoor_temperature' AND $__timeFilter(hour_start)
  AND building_code IN ($building)
GROUP BY building_code
ORDER BY building_code
