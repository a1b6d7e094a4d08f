-- Daily outdoor temperatures of a territory.
SELECT day, tmin_c, tmax_c
FROM weather_observations
WHERE territory_id = %(territory_id)s AND day >= %(from)s AND day < %(to)s
ORDER BY day
