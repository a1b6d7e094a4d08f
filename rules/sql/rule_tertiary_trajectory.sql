-- Décret tertiaire trajectory (CCH L174-1, not climate-adjusted: an estimate): the energy of
-- the 365 days before now, for buildings subject to the decree, against the straight line from
-- the reference-year consumption to %(target_fraction)s of it at the end of %(target_year)s.
-- Null when a meter has readings on fewer than %(min_coverage)s of the days.
WITH subject AS (
    SELECT b.id, b.code, b.reference_year, b.reference_consumption_kwh AS reference_kwh
    FROM buildings b
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
),
readings AS (
    SELECT s.id AS building_id, m.id AS meter_id, r.ts,
           CASE WHEN m.reading_kind = 'cumulative'
                THEN greatest(r.value - lag(r.value) OVER w, 0)
                ELSE r.value END
             * CASE WHEN m.unit = 'Wh' THEN 0.001 ELSE 1.0 END AS kwh
    FROM subject s
    JOIN meters m ON m.building_id = s.id
    JOIN meter_readings r ON r.meter_id = m.id
    WHERE m.quantity IN ('electricity', 'gas', 'heat') AND m.unit IN ('kWh', 'Wh')
      AND r.ts > %(now)s::timestamptz - interval '365 days' AND r.ts <= %(now)s
    WINDOW w AS (PARTITION BY m.id ORDER BY r.ts)
),
per_meter AS (
    SELECT building_id, meter_id, sum(kwh) AS kwh,
           count(DISTINCT date_trunc('day', ts)) / 365.0 AS coverage
    FROM readings
    GROUP BY building_id, meter_id
),
totals AS (
    SELECT building_id, sum(kwh) AS kwh, min(coverage) AS coverage
    FROM per_meter
    GROUP BY building_id
),
judged AS (
    SELECT s.id, s.code, s.reference_year, s.reference_kwh, t.kwh, t.coverage,
           s.reference_kwh * (1 - (1 - %(target_fraction)s) * least(1, greatest(0,
               extract(epoch FROM %(now)s::timestamptz
                                  - make_timestamptz(s.reference_year, 12, 31, 0, 0, 0))
               / extract(epoch FROM make_timestamptz(%(target_year)s, 12, 31, 0, 0, 0)
                                    - make_timestamptz(s.reference_year, 12, 31, 0, 0, 0)))))
               AS expected_kwh
    FROM subject s
    JOIN totals t ON t.building_id = s.id
)
SELECT id AS subject_id,
       CASE WHEN coverage < %(min_coverage)s THEN NULL
            WHEN kwh > expected_kwh THEN true
            WHEN kwh <= expected_kwh * (1 - %(clear_margin)s) THEN false
       END AS firing,
       CASE WHEN extract(year FROM %(now)s::timestamptz) >= %(high_from_year)s
            THEN 'high' END AS severity,
       'building:' || id AS group_key,
       jsonb_build_object('code', code, 'last_365_days_kwh', round(kwh::numeric),
                          'trajectory_kwh', round(expected_kwh::numeric),
                          'reference_year', reference_year,
                          'reference_kwh', round(reference_kwh::numeric),
                          'coverage', round(coverage::numeric, 3)) AS details
FROM judged
