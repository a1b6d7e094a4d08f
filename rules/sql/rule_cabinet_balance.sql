-- Cabinet balance (L-12): on the last complete local day, a cabinet's metered energy against the
-- sum of its light points' (daily rollups). Fires when they differ by more than
-- %(fire_fraction)s of the cabinet's (a point not reporting what it draws, an unregistered
-- load, a theft, a failing cable), clears under %(clear_fraction)s; judged only when the
-- cabinet and every one of its current points have a rollup of that day covering
-- %(min_coverage)s of it, and the cabinet drew %(min_kwh)s kWh or more.
WITH cabinets AS (
    SELECT cc.id, cc.code, cc.district_id
    FROM control_cabinets cc
    JOIN districts d ON d.id = cc.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
),
points AS (
    SELECT lp.cabinet_id, count(*) AS points,
           count(r.light_point_id) FILTER (WHERE r.coverage >= %(min_coverage)s) AS covered,
           coalesce(sum(r.energy_wh), 0) / 1000.0 AS points_kwh
    FROM light_points_current lp
    JOIN cabinets k ON k.id = lp.cabinet_id
    LEFT JOIN lamp_rollups_daily r ON r.light_point_id = lp.id AND r.day = %(day)s
    GROUP BY lp.cabinet_id
),
judged AS (
    SELECT k.id, k.code, k.district_id, p.points, p.covered, p.points_kwh,
           cr.energy_kwh AS cabinet_kwh, cr.coverage,
           abs(cr.energy_kwh - p.points_kwh) / nullif(cr.energy_kwh, 0) AS gap
    FROM cabinets k
    JOIN points p ON p.cabinet_id = k.id
    LEFT JOIN cabinet_rollups_daily cr ON cr.cabinet_id = k.id AND cr.day = %(day)s
)
SELECT id AS subject_id,
       CASE WHEN cabinet_kwh IS NULL OR coverage < %(min_coverage)s OR covered < points
                 OR cabinet_kwh < %(min_kwh)s THEN NULL
            WHEN gap > %(fire_fraction)s THEN true
            WHEN gap < %(clear_fraction)s THEN false
       END AS firing,
       NULL::text AS severity,
       'district:' || district_id AS group_key,
       jsonb_build_object('code', code, 'day', %(day)s::date, 'points', points,
                          'cabinet_kwh', round(cabinet_kwh::numeric, 1),
                          'points_kwh', round(points_kwh::numeric, 1),
                          'gap_pct', round(100 * gap::numeric)) AS details
FROM judged
