-- Savings behind the projection (P-01): an action of a %(domain)s mission that carries a
-- projected or guaranteed saving (projected_saving_pct, else projected_saving_kwh_per_year),
-- judged on its latest sufficient headline effect: the measured saving (saved_pct, else the
-- yearly saved kWh) under %(fire_ratio)s of the projection fires, high when the saving was
-- guaranteed; %(clear_ratio)s or more clears; between the two, or with no sufficient effect,
-- no change (hysteresis).
WITH committed AS (
    SELECT ac.id, ac.code, ac.saving_commitment, ac.projected_saving_pct,
           ac.projected_saving_kwh_per_year
    FROM actions ac
    JOIN missions mi ON mi.id = ac.mission_id
    JOIN policies p ON p.id = mi.policy_id
    WHERE p.territory_id = %(territory_id)s AND mi.domain = %(domain)s
      AND ac.saving_commitment IS NOT NULL AND ac.status <> 'cancelled'
),
measured AS (
    SELECT c.*, e.method, e.saved_pct, e.annual_saved_kwh, e.sufficient, e.reporting_end,
           CASE WHEN c.projected_saving_pct > 0 AND e.saved_pct IS NOT NULL
                    THEN e.saved_pct / c.projected_saving_pct
                WHEN c.projected_saving_kwh_per_year > 0 AND e.annual_saved_kwh IS NOT NULL
                    THEN e.annual_saved_kwh / c.projected_saving_kwh_per_year
           END AS ratio
    FROM committed c
    JOIN LATERAL (
        SELECT * FROM effects_latest e
        WHERE e.action_id = c.id AND e.headline
        ORDER BY e.computed_at DESC
        LIMIT 1
    ) e ON true
)
SELECT id AS subject_id,
       CASE WHEN NOT sufficient OR ratio IS NULL THEN NULL
            WHEN ratio < %(fire_ratio)s THEN true
            WHEN ratio >= %(clear_ratio)s THEN false
       END AS firing,
       CASE WHEN saving_commitment = 'guaranteed' THEN 'high' END AS severity,
       'action:' || id AS group_key,
       jsonb_build_object(
           'code', code, 'commitment', saving_commitment, 'method', method,
           'ratio_pct', round(100 * ratio::numeric), 'reporting_end', reporting_end,
           'measured', CASE WHEN projected_saving_pct > 0
                            THEN round(saved_pct::numeric, 1) || ' %%'
                            ELSE round(annual_saved_kwh::numeric) || ' kWh/yr' END,
           'projected', CASE WHEN projected_saving_pct > 0
                             THEN round(projected_saving_pct::numeric, 1) || ' %%'
                             ELSE round(projected_saving_kwh_per_year::numeric) || ' kWh/yr' END
       ) AS details
FROM measured
