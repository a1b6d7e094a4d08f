SELECT $__timeGroupAlias(hour_start, '1d'), building_code AS metric, avg(value) AS temperature_c
FROM reporting.meter_hourly
WHERE territory = '$territory' AND quantity = 'indoor_temperature' AND $__timeFilter(hour_start)
  AND building_code IN ($building)
GROUP BY 1, 2
ORDER BY 1
