-- Burning hours against the lighting schedule (L-13): over the %(days)s local days before
-- %(day)s (included), a cabinet's measured burning hours (daily rollups) against the scheduled
-- lit hours of those days (lighting_days: sunset to sunrise with the territory's offsets). Out
-- of [1 - %(fire_fraction)s, 1 + %(fire_fraction)s] fires (a drifting photocell or clock);
-- back within %(clear_fraction)s clears; judged only with burning hours on every one of the days.
WITH cabinets AS (
    SELECT cc.id, cc.code, cc.district_id
    FROM control_cabinets cc
    JOIN districts d ON d.id = cc.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
),
measured AS (
    SELECT k.id, k.code, k.district_id, count(r.on_hours) AS days, sum(r.on_hours) AS on_h,
           sum(l.lit_hours) AS lit_h
    FROM cabinets k
    JOIN cabinet_rollups_daily r ON r.cabinet_id = k.id
    JOIN lighting_days l ON l.territory_id = %(territory_id)s AND l.day = r.day
    WHERE r.day > %(day)s::date - %(days)s AND r.day <= %(day)s::date
    GROUP BY k.id, k.code, k.district_id
)
SELECT id AS subject_id,
       CASE WHEN days < %(days)s OR lit_h <= 0 THEN NULL
            WHEN abs(on_h / lit_h - 1) > %(fire_fraction)s THEN true
            WHEN abs(on_h / lit_h - 1) <= %(clear_fraction)s THEN false
       END AS firing,
       NULL::text AS severity,
       'district:' || district_id AS group_key,
       jsonb_build_object('code', code, 'days', %(days)s, 'on_hours', round(on_h::numeric, 1),
                          'scheduled_hours', round(lit_h::numeric, 1),
                          'ratio_pct', round(100 * (on_h / nullif(lit_h, 0))::numeric))
           AS details
FROM measured
