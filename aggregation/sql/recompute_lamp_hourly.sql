-- Recompute the hourly energy of a territory's light points for the hours in [from, to), from
-- the cumulative counters. A delta counts only when the counter went up, the interval is no
-- longer than max_gap and the implied power is plausible; a reset (counter going down), a gap or
-- an impossible jump counts as uncovered time, never as a spike. A glitch, one reading out of
-- line with the two around it (which are in order), is left out: the interval spans it. Each interval's energy is
-- shared among the hours it overlaps, in proportion to the overlap.
WITH points AS (
    SELECT lp.id
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
), marked AS (
    SELECT r.light_point_id, r.ts, r.energy_wh,
           lag(r.energy_wh) OVER w AS before_wh, lead(r.energy_wh) OVER w AS after_wh
    FROM lamp_readings r
    JOIN points p ON p.id = r.light_point_id
    WHERE r.ts >= %(from)s::timestamptz - %(max_gap)s::interval
      AND r.ts < %(to)s::timestamptz + %(max_gap)s::interval
      AND r.energy_wh IS NOT NULL
    WINDOW w AS (PARTITION BY r.light_point_id ORDER BY r.ts)
), steps AS (
    -- A glitch (one reading out of line between two neighbours in order) is skipped.
    SELECT light_point_id, ts,
           lag(ts) OVER w AS prev_ts,
           energy_wh - lag(energy_wh) OVER w AS delta_wh
    FROM marked
    WHERE NOT coalesce(before_wh <= after_wh
                       AND (energy_wh < before_wh OR energy_wh > after_wh), false)
    WINDOW w AS (PARTITION BY light_point_id ORDER BY ts)
), valid AS (
    SELECT light_point_id, prev_ts, ts, delta_wh,
           extract(epoch FROM ts - prev_ts) AS seconds
    FROM steps
    WHERE prev_ts IS NOT NULL
      AND ts - prev_ts <= %(max_gap)s::interval
      AND delta_wh >= 0
      AND delta_wh <= %(max_power_w)s * extract(epoch FROM ts - prev_ts) / 3600.0
      AND ts > %(from)s::timestamptz
      AND prev_ts < %(to)s::timestamptz
), shares AS (
    SELECT v.light_point_id, h.hour_start,
           extract(epoch FROM least(v.ts, h.hour_start + interval '1 hour')
                            - greatest(v.prev_ts, h.hour_start)) AS overlap_s,
           v.seconds, v.delta_wh
    FROM valid v
    CROSS JOIN LATERAL generate_series(
        date_trunc('hour', v.prev_ts, %(timezone)s),
        v.ts - interval '1 microsecond',
        interval '1 hour'
    ) AS h(hour_start)
)
INSERT INTO lamp_rollups_hourly AS t (light_point_id, hour_start, energy_wh, coverage)
SELECT light_point_id, hour_start, sum(delta_wh * overlap_s / seconds),
       least(1.0, sum(overlap_s) / 3600.0)
FROM shares
WHERE hour_start >= %(from)s::timestamptz AND hour_start < %(to)s::timestamptz
  AND overlap_s > 0
GROUP BY light_point_id, hour_start
ON CONFLICT (light_point_id, hour_start) DO UPDATE
SET energy_wh = excluded.energy_wh, coverage = excluded.coverage, computed_at = now()
WHERE (t.energy_wh, t.coverage) IS DISTINCT FROM (excluded.energy_wh, excluded.coverage)
