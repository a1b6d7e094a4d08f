-- On TimescaleDB the reading tables become hypertables with compression and retention; on plain
-- PostgreSQL this migration only records that the extension is absent. Queries are the same.

CREATE TABLE storage_features (
    feature     text PRIMARY KEY,
    enabled     boolean NOT NULL,
    decided_at  timestamptz NOT NULL DEFAULT now()
);

DO $migration$
DECLARE
    superuser boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
    -- Use TimescaleDB when the extension is already in this database, or when this role may
    -- create it and the server preloads its library. Otherwise keep plain tables: a role that
    -- is not superuser cannot see shared_preload_libraries, and creating the extension without
    -- the preloaded library ends the session.
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        IF NOT (superuser
                AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                AND current_setting('shared_preload_libraries') ~ '(^|[ ,])timescaledb($|[ ,])')
        THEN
            INSERT INTO storage_features (feature, enabled) VALUES ('timescaledb', false);
            RETURN;
        END IF;
        EXECUTE 'CREATE EXTENSION timescaledb';
    END IF;
    EXECUTE $$SELECT create_hypertable('lamp_readings', 'ts',
               chunk_time_interval => interval '1 day', migrate_data => true)$$;
    EXECUTE $$SELECT create_hypertable('cabinet_readings', 'ts',
               chunk_time_interval => interval '7 days', migrate_data => true)$$;
    EXECUTE $$SELECT create_hypertable('meter_readings', 'ts',
               chunk_time_interval => interval '30 days', migrate_data => true)$$;
    EXECUTE $$ALTER TABLE lamp_readings SET (timescaledb.compress,
               timescaledb.compress_segmentby = 'light_point_id',
               timescaledb.compress_orderby = 'ts')$$;
    EXECUTE $$ALTER TABLE cabinet_readings SET (timescaledb.compress,
               timescaledb.compress_segmentby = 'cabinet_id',
               timescaledb.compress_orderby = 'ts')$$;
    EXECUTE $$ALTER TABLE meter_readings SET (timescaledb.compress,
               timescaledb.compress_segmentby = 'meter_id',
               timescaledb.compress_orderby = 'ts')$$;
    EXECUTE $$SELECT add_compression_policy('lamp_readings', interval '14 days')$$;
    EXECUTE $$SELECT add_compression_policy('cabinet_readings', interval '30 days')$$;
    EXECUTE $$SELECT add_compression_policy('meter_readings', interval '90 days')$$;
    -- Raw light-point readings are kept three years: a baseline year, a reporting year and
    -- margin; rollups keep the history beyond. Meter readings are kept: the décret tertiaire
    -- reference year must stay provable.
    EXECUTE $$SELECT add_retention_policy('lamp_readings', interval '1096 days')$$;
    EXECUTE $$SELECT add_retention_policy('cabinet_readings', interval '1096 days')$$;
    INSERT INTO storage_features (feature, enabled) VALUES ('timescaledb', true);
END
$migration$;
