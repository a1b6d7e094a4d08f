-- Recompute the hourly rollups of a territory's building meters for the hours in [from, to).
-- Cumulative meters: the rise of the index, with a rollover past register_max counted
-- (previous index above 90 %% of it) and any other fall treated as a reset: uncovered, no spike;
-- a glitch, one reading out of line with the two around it, is left out.
-- Interval meters: each reading is the consumption of the reporting period ending at ts (read
-- up to max_period past the window, so that a daily reading reaches the hours it covers).
-- Instant meters: the time-weighted mean of the readings.
WITH meters_here AS (
    SELECT m.id, m.reading_kind, m.register_max, m.reporting_period_s
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = %(territory_id)s
), marked AS (
    SELECT r.meter_id, m.reading_kind, r.ts, r.value, m.register_max, m.reporting_period_s,
           lag(r.value) OVER w AS before_value, lead(r.value) OVER w AS after_value
    FROM meter_readings r
    JOIN meters_here m ON m.id = r.meter_id
    WHERE r.ts >= %(from)s::timestamptz - greatest(%(max_gap)s::interval, %(max_period)s::interval)
      AND r.ts < %(to)s::timestamptz + greatest(%(max_gap)s::interval, %(max_period)s::interval)
    WINDOW w AS (PARTITION BY r.meter_id ORDER BY r.ts)
), steps AS (
    -- On an index, a glitch (one reading out of line between two neighbours in order) is
    -- skipped; a rollover or a reset moves every later reading, so it is no glitch.
    SELECT meter_id, reading_kind, ts, value, register_max,
           lag(ts) OVER w AS prev_ts, lag(value) OVER w AS prev_value,
           ts - make_interval(secs => reporting_period_s) AS period_start
    FROM marked
    WHERE reading_kind <> 'cumulative'
       OR NOT coalesce(before_value <= after_value
                       AND (value < before_value OR value > after_value), false)
    WINDOW w AS (PARTITION BY meter_id ORDER BY ts)
), intervals AS (
    SELECT meter_id, reading_kind, ts,
           CASE WHEN reading_kind = 'cumulative' THEN prev_ts ELSE period_start END AS start_ts,
           CASE
               WHEN reading_kind <> 'cumulative' THEN value
               WHEN value >= prev_value THEN value - prev_value
               WHEN register_max IS NOT NULL AND prev_value > 0.9 * register_max
                   THEN register_max - prev_value + value
           END AS amount
    FROM steps
    WHERE reading_kind <> 'cumulative'
       OR (prev_ts IS NOT NULL AND ts - prev_ts <= %(max_gap)s::interval)
), shares AS (
    SELECT i.meter_id, i.reading_kind, h.hour_start, i.amount,
           extract(epoch FROM i.ts - i.start_ts) AS seconds,
           extract(epoch FROM least(i.ts, h.hour_start + interval '1 hour')
                            - greatest(i.start_ts, h.hour_start)) AS overlap_s
    FROM intervals i
    CROSS JOIN LATERAL generate_series(
        date_trunc('hour', i.start_ts, %(timezone)s),
        i.ts - interval '1 microsecond',
        interval '1 hour'
    ) AS h(hour_start)
    WHERE i.amount IS NOT NULL AND i.ts > i.start_ts
      AND (i.reading_kind = 'instant' OR i.amount >= 0)
)
INSERT INTO meter_rollups_hourly AS t (meter_id, hour_start, value, coverage)
SELECT meter_id, hour_start,
       CASE WHEN max(reading_kind) = 'instant' THEN sum(amount * overlap_s) / sum(overlap_s)
            ELSE sum(amount * overlap_s / seconds) END,
       least(1.0, sum(overlap_s) / 3600.0)
FROM shares
WHERE hour_start >= %(from)s::timestamptz AND hour_start < %(to)s::timestamptz
  AND overlap_s > 0
GROUP BY meter_id, hour_start
ON CONFLICT (meter_id, hour_start) DO UPDATE
SET value = excluded.value, coverage = excluded.coverage, computed_at = now()
WHERE (t.value, t.coverage) IS DISTINCT FROM (excluded.value, excluded.coverage)
