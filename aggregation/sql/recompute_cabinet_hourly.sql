-- Recompute the hourly energy of a territory's cabinet meters for the hours in [from, to), from
-- their cumulative kWh counters, with the same rules as the light points (no spike on a reset,
-- a one-reading glitch left out).
WITH cabinets_here AS (
    SELECT cc.id
    FROM control_cabinets cc
    JOIN districts d ON d.id = cc.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
), marked AS (
    SELECT r.cabinet_id, r.ts, r.energy_kwh,
           lag(r.energy_kwh) OVER w AS before_kwh, lead(r.energy_kwh) OVER w AS after_kwh
    FROM cabinet_readings r
    JOIN cabinets_here c ON c.id = r.cabinet_id
    WHERE r.ts >= %(from)s::timestamptz - %(max_gap)s::interval
      AND r.ts < %(to)s::timestamptz + %(max_gap)s::interval
      AND r.energy_kwh IS NOT NULL
    WINDOW w AS (PARTITION BY r.cabinet_id ORDER BY r.ts)
), steps AS (
    -- A glitch (one reading out of line between two neighbours in order) is skipped.
    SELECT cabinet_id, ts,
           lag(ts) OVER w AS prev_ts,
           energy_kwh - lag(energy_kwh) OVER w AS delta_kwh
    FROM marked
    WHERE NOT coalesce(before_kwh <= after_kwh
                       AND (energy_kwh < before_kwh OR energy_kwh > after_kwh), false)
    WINDOW w AS (PARTITION BY cabinet_id ORDER BY ts)
), shares AS (
    SELECT s.cabinet_id, h.hour_start, s.delta_kwh,
           extract(epoch FROM s.ts - s.prev_ts) AS seconds,
           extract(epoch FROM least(s.ts, h.hour_start + interval '1 hour')
                            - greatest(s.prev_ts, h.hour_start)) AS overlap_s
    FROM steps s
    CROSS JOIN LATERAL generate_series(
        date_trunc('hour', s.prev_ts, %(timezone)s),
        s.ts - interval '1 microsecond',
        interval '1 hour'
    ) AS h(hour_start)
    WHERE s.prev_ts IS NOT NULL AND s.ts - s.prev_ts <= %(max_gap)s::interval
      AND s.delta_kwh >= 0
)
INSERT INTO cabinet_rollups_hourly AS t (cabinet_id, hour_start, energy_kwh, coverage)
SELECT cabinet_id, hour_start, sum(delta_kwh * overlap_s / seconds),
       least(1.0, sum(overlap_s) / 3600.0)
FROM shares
WHERE hour_start >= %(from)s::timestamptz AND hour_start < %(to)s::timestamptz
  AND overlap_s > 0
GROUP BY cabinet_id, hour_start
ON CONFLICT (cabinet_id, hour_start) DO UPDATE
SET energy_kwh = excluded.energy_kwh, coverage = excluded.coverage, computed_at = now()
WHERE (t.energy_kwh, t.coverage) IS DISTINCT FROM (excluded.energy_kwh, excluded.coverage)
