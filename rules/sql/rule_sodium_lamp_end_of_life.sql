-- Sodium (HPS) lamps near the end of their rated life. Operating hours come from the
-- controller's counter when it reported one in the last %(counter_lookback_days)s day(s), else
-- from the time since the lamp (or lantern, or equipment) was installed times the territory's
-- yearly night hours. Fires at
-- %(plan_ratio)s of the rated life (informational: plan the change) and at %(replace_ratio)s
-- (low: replace); clears below %(clear_ratio)s, after a relamping resets the count.
WITH hps AS (
    SELECT lp.id, lp.code, lp.district_id, lp.nominal_power_w,
           coalesce(lp.rated_life_h, %(default_rated_life_h)s) AS rated_h,
           coalesce(lp.lamp_installed_on, lp.lantern_installed_on, lp.equipped_on) AS since
    FROM light_points_current lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s AND lp.technology = 'HPS'
),
counters AS (
    SELECT DISTINCT ON (light_point_id) light_point_id, lamp_operating_hours AS hours
    FROM lamp_readings
    WHERE %(use_counters)s
      AND ts > %(now)s::timestamptz - make_interval(days => %(counter_lookback_days)s)
      AND ts <= %(now)s
      AND lamp_operating_hours IS NOT NULL
    ORDER BY light_point_id, ts DESC
),
aged AS (
    SELECT h.*,
           coalesce(k.hours,
                    (%(now)s::date - h.since) * %(night_hours_per_year)s / 365.25) AS age_h,
           k.hours IS NOT NULL AS counted
    FROM hps h
    LEFT JOIN counters k ON k.light_point_id = h.id
)
SELECT id AS subject_id,
       CASE WHEN age_h >= %(plan_ratio)s * rated_h THEN true
            WHEN age_h < %(clear_ratio)s * rated_h THEN false
       END AS firing,
       CASE WHEN age_h >= %(replace_ratio)s * rated_h THEN 'low' END AS severity,
       'district:' || district_id AS group_key,
       jsonb_build_object('code', code, 'operating_hours', round(age_h::numeric),
                          'rated_life_h', rated_h, 'life_ratio', round((age_h / rated_h)::numeric, 2),
                          'from_counter', counted, 'nominal_power_w', nominal_power_w) AS details
FROM aged
WHERE age_h >= %(clear_ratio)s * rated_h
