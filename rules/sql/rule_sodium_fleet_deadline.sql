-- The sodium fleet against the end of HPS lamps on the EU market (RoHS 4(b)/4(c), by default
-- 24 Feb 2027): points still on HPS, the replacement rate of the last %(rate_days)s days, the
-- monthly rate needed to finish by the deadline, and the forecast shortfall. Fires when the
-- current rate would leave sodium points at the deadline; critical once it has passed. Also
-- gives the expected lamp failures until the deadline (Weibull, L50 %(weibull_l50_h)s h,
-- shape %(weibull_shape)s) for the spare-lamp stock.
WITH points AS (
    SELECT lp.id, lp.technology,
           coalesce(lp.lamp_installed_on, lp.lantern_installed_on, lp.equipped_on) AS since
    FROM light_points_current lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
),
remaining AS (
    SELECT count(*) AS points,
           sum(1 - exp(-ln(2) * power(
                   ((%(now)s::date - since) * %(night_hours_per_year)s / 365.25
                    + %(hours_to_deadline)s) / %(weibull_l50_h)s, %(weibull_shape)s))
                 / exp(-ln(2) * power(
                   ((%(now)s::date - since) * %(night_hours_per_year)s / 365.25)
                   / %(weibull_l50_h)s, %(weibull_shape)s))) AS expected_failures
    FROM points
    WHERE technology = 'HPS'
),
replaced AS (
    SELECT count(*) AS points
    FROM light_point_equipment e
    JOIN points p ON p.id = e.light_point_id
    WHERE e.technology = 'HPS'
      AND e.valid_to > %(now)s::date - %(rate_days)s AND e.valid_to <= %(now)s::date
),
judged AS (
    SELECT r.points AS remaining, x.points * 30.44 / %(rate_days)s AS rate_per_month,
           greatest((%(deadline)s::date - %(now)s::date) / 30.44, 0) AS months_left,
           r.expected_failures
    FROM remaining r, replaced x
)
SELECT %(territory_id)s::integer AS subject_id,
       remaining > 0 AND rate_per_month * months_left < remaining AS firing,
       CASE WHEN months_left = 0 AND remaining > 0 THEN 'critical' END AS severity,
       'fleet:' || %(territory_id)s AS group_key,
       jsonb_build_object(
           'sodium_points', remaining,
           'replaced_per_month', round(rate_per_month::numeric, 1),
           'needed_per_month', CASE WHEN months_left > 0
                                    THEN round((remaining / months_left)::numeric, 1) END,
           'deadline', %(deadline)s::date,
           'forecast_remaining_at_deadline',
               greatest(0, round((remaining - rate_per_month * months_left)::numeric)),
           'forecast_done_on', CASE WHEN rate_per_month > 0
               THEN (%(now)s::date + (remaining / rate_per_month * 30.44)::integer) END,
           'expected_failures_until_deadline', round(coalesce(expected_failures, 0)::numeric))
           AS details
FROM judged
