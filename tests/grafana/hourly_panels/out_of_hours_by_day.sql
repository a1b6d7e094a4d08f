SELECT $__timeGroupAlias(hour_start, '1d'), building_code AS metric,
       coalesce(sum(value) FILTER (WHERE (extract(isodow FROM hour_start AT TIME ZONE timezone) > 5 OR extract(hour FROM hour_start AT TIME ZONE timezone) NOT BETWEEN 7 AND 18)), 0) AS out_of_hours_kwh
FROM reporting.meter_hourly
WHERE territory = '$territory' AND quantity = 'electricity' AND $__timeFilter(hour_start) AND building_code IN ($building)
GROUP BY 1, 2
ORDER BY 1
