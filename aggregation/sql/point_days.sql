-- The daily energy (kWh) and coverage of the given light points over [from, to), one row per
-- point with its days as offsets from 2000-01-01, in order.
SELECT light_point_id,
       array_agg(day - DATE '2000-01-01' ORDER BY day),
       array_agg(energy_wh / 1000.0 ORDER BY day),
       array_agg(coverage::double precision ORDER BY day)
FROM lamp_rollups_daily
WHERE light_point_id = ANY(%(points)s) AND day >= %(from)s AND day < %(to)s
GROUP BY light_point_id
