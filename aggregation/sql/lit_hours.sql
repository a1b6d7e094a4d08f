-- The scheduled burning hours of a territory's local days over [from, to).
SELECT day, lit_hours
FROM lighting_days
WHERE territory_id = %(territory_id)s AND day >= %(from)s AND day < %(to)s
