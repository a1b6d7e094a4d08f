-- Recompute the local days [first_day, last_day] of a territory's cabinets from their raw
-- readings: energy, the share of the day's lit time the meter covers, and the burning hours
-- measured from the cabinet's power.
--
-- Energy. Consecutive counter readings make an interval; it counts if it is at most
-- max_interval long (a daily index counts), the counter did not fall (a reset leaves the
-- interval uncovered) and neither end is a one-reading glitch. Street lights draw when they
-- are lit, so an interval's energy is shared among the days it overlaps in proportion to the
-- scheduled lit time of each part (lighting_days); an interval with no lit time in it (a day
-- burner between two daytime readings) is shared by plain time. Coverage is the lit time of the
-- day that counted intervals cover.
--
-- Burning hours. Where two readings with a power are at most max_switch_interval apart, the
-- cabinet is on above the larger of min_on_w and a tenth of its peak power in the window. An
-- interval on at both ends is lit throughout, off at both ends dark; an interval that switches
-- is lit for (energy / power when on): what the meter counted at the power drawn once on. The
-- day's on_hours are the lit time so measured plus the scheduled lit time of what no such
-- interval covers; they are kept when such intervals cover at least nine tenths of the day.
WITH cabinets_here AS (
    SELECT cc.id
    FROM control_cabinets cc
    JOIN districts d ON d.id = cc.district_id
    JOIN communes c ON c.id = d.commune_id
    WHERE c.territory_id = %(territory_id)s
), days AS (
    SELECT day, day_start, day_end, off_at, on_at, lit_hours
    FROM lighting_days
    WHERE territory_id = %(territory_id)s
      AND day BETWEEN %(first_day)s::date - 2 AND %(last_day)s::date + 2
), bounds AS (
    SELECT min(day_start) FILTER (WHERE day >= %(first_day)s::date) AS t0,
           max(day_end) FILTER (WHERE day <= %(last_day)s::date) AS t1
    FROM days
), marked AS (
    SELECT r.cabinet_id, r.ts, r.energy_kwh, r.active_power_w,
           lag(r.energy_kwh) OVER w AS before_kwh, lead(r.energy_kwh) OVER w AS after_kwh
    FROM cabinet_readings r
    JOIN cabinets_here c ON c.id = r.cabinet_id
    CROSS JOIN bounds b
    WHERE r.ts >= b.t0 - %(max_interval)s::interval
      AND r.ts < b.t1 + %(max_interval)s::interval
      AND r.energy_kwh IS NOT NULL
    WINDOW w AS (PARTITION BY r.cabinet_id ORDER BY r.ts)
), steps AS (
    SELECT cabinet_id, ts,
           lag(ts) OVER w AS prev_ts,
           energy_kwh - lag(energy_kwh) OVER w AS delta_kwh,
           active_power_w AS power_w,
           lag(active_power_w) OVER w AS prev_power_w,
           greatest(%(min_on_w)s, 0.1 * max(active_power_w) OVER (PARTITION BY cabinet_id))
               AS on_above_w
    FROM marked
    WHERE NOT coalesce(before_kwh <= after_kwh
                       AND (energy_kwh < before_kwh OR energy_kwh > after_kwh), false)
    WINDOW w AS (PARTITION BY cabinet_id ORDER BY ts)
), counted AS (
    SELECT s.*, extract(epoch FROM s.ts - s.prev_ts) AS step_s,
           (s.ts - s.prev_ts <= %(max_switch_interval)s::interval
            AND s.power_w IS NOT NULL AND s.prev_power_w IS NOT NULL) AS timed,
           CASE
               WHEN s.prev_power_w > s.on_above_w AND s.power_w > s.on_above_w THEN 1.0
               WHEN s.prev_power_w <= s.on_above_w AND s.power_w <= s.on_above_w THEN 0.0
               ELSE least(1.0, greatest(0.0,
                   s.delta_kwh * 3.6e6 / nullif(greatest(s.prev_power_w, s.power_w)
                                                * extract(epoch FROM s.ts - s.prev_ts), 0)))
           END AS on_share
    FROM steps s
    WHERE s.prev_ts IS NOT NULL AND s.ts - s.prev_ts <= %(max_interval)s::interval
      AND s.delta_kwh >= 0
), pieces AS (
    SELECT c.cabinet_id, c.ts, c.delta_kwh, c.step_s, c.timed, c.on_share, d.day, d.lit_hours,
           extract(epoch FROM d.day_end - d.day_start) AS day_len_s,
           extract(epoch FROM least(c.ts, d.day_end) - greatest(c.prev_ts, d.day_start)) AS day_s,
           greatest(0.0, extract(epoch FROM least(c.ts, d.off_at)
                                            - greatest(c.prev_ts, d.day_start)))
         + greatest(0.0, extract(epoch FROM least(c.ts, d.day_end)
                                            - greatest(c.prev_ts, d.on_at))) AS lit_s
    FROM counted c
    JOIN days d ON d.day_start < c.ts AND d.day_end > c.prev_ts
), shared AS (
    SELECT p.*, sum(p.lit_s) OVER (PARTITION BY p.cabinet_id, p.ts) AS step_lit_s
    FROM pieces p
), per_day AS (
    SELECT cabinet_id, day,
           sum(CASE WHEN step_lit_s > 0 THEN delta_kwh * lit_s / step_lit_s
                    ELSE delta_kwh * day_s / step_s END) AS energy_kwh,
           CASE WHEN max(lit_hours) > 0
                THEN least(1.0, sum(lit_s) / (max(lit_hours) * 3600.0))
                ELSE least(1.0, sum(day_s) / max(day_len_s)) END AS coverage,
           sum(day_s * on_share) FILTER (WHERE timed) AS on_s,
           coalesce(sum(day_s) FILTER (WHERE timed), 0) AS timed_s,
           coalesce(sum(lit_s) FILTER (WHERE timed), 0) AS timed_lit_s,
           max(lit_hours) AS lit_hours, max(day_len_s) AS day_len_s
    FROM shared
    WHERE day BETWEEN %(first_day)s::date AND %(last_day)s::date
    GROUP BY cabinet_id, day
)
INSERT INTO cabinet_rollups_daily AS t (cabinet_id, day, energy_kwh, coverage, on_hours,
                                        on_coverage)
SELECT cabinet_id, day, energy_kwh, coverage,
       CASE WHEN timed_s >= 0.9 * day_len_s
            THEN least(25.0, (on_s + greatest(0.0, lit_hours * 3600.0 - timed_lit_s)) / 3600.0)
       END,
       least(1.0, timed_s / day_len_s)
FROM per_day
ON CONFLICT (cabinet_id, day) DO UPDATE
SET energy_kwh = excluded.energy_kwh, coverage = excluded.coverage,
    on_hours = excluded.on_hours, on_coverage = excluded.on_coverage, computed_at = now()
WHERE (t.energy_kwh, t.coverage, t.on_hours, t.on_coverage)
      IS DISTINCT FROM (excluded.energy_kwh, excluded.coverage, excluded.on_hours,
                        excluded.on_coverage)
