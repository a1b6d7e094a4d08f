-- Mark the local days a window of cabinet readings can change: the days it overlaps, and the
-- days before it that an interval ending in it (up to max_interval long) overlaps.
INSERT INTO rollup_days_pending (territory_id, kind, day)
SELECT %(territory_id)s, 'cabinet', day::date
FROM generate_series(
    ((%(from)s::timestamptz - %(max_interval)s::interval) AT TIME ZONE %(timezone)s)::date,
    (((%(to)s::timestamptz - interval '1 microsecond') AT TIME ZONE %(timezone)s)::date),
    interval '1 day'
) AS day
ON CONFLICT (territory_id, kind, day) DO NOTHING
