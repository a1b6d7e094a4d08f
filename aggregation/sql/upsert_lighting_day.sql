-- Record a local day's scheduled burning window.
INSERT INTO lighting_days AS t (territory_id, day, day_start, day_end, off_at, on_at, lit_hours,
                                on_offset_min, off_offset_min)
VALUES (%(territory_id)s, %(day)s, %(day_start)s, %(day_end)s, %(off_at)s, %(on_at)s,
        %(lit_hours)s, %(on_offset_min)s, %(off_offset_min)s)
ON CONFLICT (territory_id, day) DO UPDATE
SET day_start = excluded.day_start, day_end = excluded.day_end, off_at = excluded.off_at,
    on_at = excluded.on_at, lit_hours = excluded.lit_hours,
    on_offset_min = excluded.on_offset_min, off_offset_min = excluded.off_offset_min
