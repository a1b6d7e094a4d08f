-- On TimescaleDB, new light-point readings go into 7-day chunks instead of 1-day chunks (the
-- chunks already made keep their day). Compression packs each point's readings of a chunk into
-- batches of at most 1,000 rows: a day holds 144 readings of a point, so daily chunks made
-- batches of 144 whose per-batch headers, metadata and index entries cost as much as the
-- values; a week holds 1,008. Measured on the simulator's readings: 29 bytes a reading
-- compressed with daily chunks, 18 with weekly ones (docs/storage.md). A week of Angers' lamps
-- is 50 M rows, the size of a plain PostgreSQL partition (migration 0150), whose primary-key
-- index stays in memory on a city's server. Plain PostgreSQL: nothing to do.

DO $migration$
BEGIN
    IF EXISTS (SELECT 1 FROM storage_features WHERE feature = 'timescaledb' AND enabled) THEN
        EXECUTE $$SELECT set_chunk_time_interval('lamp_readings', interval '7 days')$$;
    END IF;
END
$migration$;
