-- The daily energy, coverage and measured burning hours (NaN where not measured) of the given
-- cabinets over [from, to), one row per cabinet with its days as offsets from 2000-01-01.
SELECT cabinet_id,
       array_agg(day - DATE '2000-01-01' ORDER BY day),
       array_agg(energy_kwh ORDER BY day),
       array_agg(coverage::double precision ORDER BY day),
       array_agg(coalesce(on_hours::double precision, 'NaN') ORDER BY day)
FROM cabinet_rollups_daily
WHERE cabinet_id = ANY(%(cabinets)s) AND day >= %(from)s AND day < %(to)s
GROUP BY cabinet_id
