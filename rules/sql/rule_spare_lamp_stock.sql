-- Spare sodium lamps against the failures forecast until the deadline (L-16): the expected
-- failures of the HPS lamps still in service between now and %(deadline)s (Weibull, L50
-- %(weibull_l50_h)s h, shape %(weibull_shape)s, at the territory's burning hours) against the
-- latest count recorded in spare_stocks. Fires when the stock is under the forecast (the lamps
-- must be bought before no more are sold), clears when it covers the forecast with
-- %(clear_margin)s to spare. Unjudged while no count was ever recorded.
WITH points AS (
    SELECT (%(now)s::date - coalesce(lp.lamp_installed_on, lp.lantern_installed_on,
                                     lp.equipped_on))
               * %(night_hours_per_year)s / 365.25 AS age_h,
           coalesce(lp.rated_life_h, 24000) * %(weibull_l50_h)s / 24000.0 AS l50_h
    FROM light_points_current lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s AND lp.technology = 'HPS'
),
forecast AS (
    SELECT count(*) AS sodium_points,
           coalesce(sum(1 - exp(ln(2) * (power(greatest(age_h, 0) / l50_h, %(weibull_shape)s)
                                      - power((greatest(age_h, 0) + %(hours_to_deadline)s)
                                              / l50_h, %(weibull_shape)s)))), 0) AS failures
    FROM points
),
stock AS (
    SELECT quantity, counted_at
    FROM spare_stocks
    WHERE territory_id = %(territory_id)s AND item = 'hps_lamp' AND counted_at <= %(now)s
    ORDER BY counted_at DESC, id DESC
    LIMIT 1
)
SELECT %(territory_id)s::integer AS subject_id,
       CASE WHEN s.quantity IS NULL THEN NULL
            WHEN s.quantity < f.failures THEN true
            WHEN s.quantity >= f.failures * (1 + %(clear_margin)s) THEN false
       END AS firing,
       NULL::text AS severity,
       'fleet:' || %(territory_id)s AS group_key,
       jsonb_build_object('in_stock', s.quantity, 'counted_at', s.counted_at,
                          'forecast_failures', ceil(f.failures)::integer,
                          'sodium_points', f.sodium_points, 'deadline', %(deadline)s::date,
                          'to_buy', greatest(ceil(f.failures)::integer - s.quantity, 0))
           AS details
FROM forecast f
LEFT JOIN stock s ON true
WHERE f.sodium_points > 0
