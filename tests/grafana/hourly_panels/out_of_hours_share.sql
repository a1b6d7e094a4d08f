SELECT building_code AS building,
       100.0 * coalesce(sum(value) FILTER (WHERE (extract(isodow FROM hour_start AT TIME ZONE timezone) > 5 OR extract(hour FROM hour_start AT TIME ZONE timezone) NOT BETWEEN 7 AND 18)), 0) / nullif(sum(value), 0)
           AS out_of_hours_pct
FROM reporting.meter_hourly
WHERE territory = '$territory' AND quantity = 'electricity' AND $__timeFilter(hour_start) AND building_code IN ($building)
GROUP BY building_code
ORDER BY building_code
