-- Sodium (HPS) lamps near the end of their rated life, judged per cabinet: the work package a
-- contractor relamps or replaces in one go, and one alert a person can act on instead of one per
-- lamp. Operating hours come from the controller's counter when it reported one in the last
-- %(counter_lookback_days)s day(s), else from the time since the lamp (or lantern, or equipment)
-- was installed times the territory's yearly night hours. The package falls due when
-- %(due_share)s of the cabinet's sodium lamps or more are past %(replace_ratio)s of their rated
-- life: relamp or replace it now. It clears when fewer than %(clear_share)s are (after the
-- work); in between, no change. Lamps at %(plan_ratio)s of their life are counted (due for
-- change) and planned by `vigie plan sodium`, not alerted one by one. Points without a cabinet
-- are left to the fleet rule and the plan.
WITH hps AS (
    SELECT lp.id, lp.code, lp.district_id, lp.cabinet_id, lp.nominal_power_w,
           coalesce(lp.rated_life_h, %(default_rated_life_h)s) AS rated_h,
           coalesce(lp.lamp_installed_on, lp.lantern_installed_on, lp.equipped_on) AS since
    FROM light_points_current lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s AND lp.technology = 'HPS'
      AND lp.cabinet_id IS NOT NULL
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
                    (%(now)s::date - h.since) * %(night_hours_per_year)s / 365.25)
               / h.rated_h AS ratio,
           k.hours IS NOT NULL AS counted
    FROM hps h
    LEFT JOIN counters k ON k.light_point_id = h.id
),
cabinets AS (
    SELECT cabinet_id, min(district_id) AS district_id, count(*) AS sodium_points,
           count(*) FILTER (WHERE ratio >= %(plan_ratio)s) AS due,
           count(*) FILTER (WHERE ratio >= %(replace_ratio)s) AS past_life,
           count(*) FILTER (WHERE ratio >= %(plan_ratio)s AND counted) AS from_counter,
           coalesce(sum(nominal_power_w) FILTER (WHERE ratio >= %(plan_ratio)s), 0) AS due_w,
           max(ratio) AS worst_ratio,
           (array_agg(code ORDER BY ratio DESC)
                FILTER (WHERE ratio >= %(plan_ratio)s))[1:20] AS worst_points
    FROM aged
    GROUP BY cabinet_id
    HAVING count(*) FILTER (WHERE ratio >= %(replace_ratio)s)
           >= %(clear_share)s * count(*)
)
SELECT k.cabinet_id AS subject_id,
       CASE WHEN k.past_life >= %(due_share)s * k.sodium_points THEN true END AS firing,
       NULL::text AS severity,
       'district:' || k.district_id AS group_key,
       jsonb_build_object('code', cc.code, 'sodium_points', k.sodium_points,
                          'points_due', k.due, 'points_past_life', k.past_life,
                          'points_from_counter', k.from_counter, 'due_power_w', k.due_w,
                          'worst_life_ratio', round(k.worst_ratio::numeric, 2),
                          'worst_points', to_jsonb(coalesce(k.worst_points, '{}'))) AS details
FROM cabinets k
JOIN control_cabinets cc ON cc.id = k.cabinet_id
