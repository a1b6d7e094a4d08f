-- Light-point readings are stored as integers of the resolution they are reported to, and the
-- time each was received as milliseconds after the reading's own time; `lamp_readings` becomes
-- a view with the columns, names and types it had, over the new storage `lamp_readings_stored`.
--
-- Why: TimescaleDB compresses integers by delta of delta and floats by XOR with the value before.
-- A value with noise in its last reported digit costs a float's whole mantissa; as an integer of
-- that digit it costs a few bits. The receive time, microseconds apart from its reading by a
-- random latency, costs four bytes a reading as a timestamp and under two as a lag in
-- milliseconds. Measured on the simulator's Angers readings (bench/compressed_layouts.py,
-- docs/storage.md): 15.0 bytes a compressed reading as floats, 7.7 as integers with the lag.
--
-- Resolutions (what the controllers report, finer than their metering accuracy):
--   power 0.1 W (power_dw), voltage 0.1 V (voltage_dv), current 1 mA (current_ma), power
--   factor 0.01 (power_factor_pct), energy 1 Wh (energy_wh), burning hours 0.1 h
--   (lamp_operating_dh), control gear temperature 0.1 °C (controller_temp_dc), receive time
--   1 ms (received_after_ms: received_at truncated to the millisecond, minus ts truncated the
--   same way).
-- A value reported finer is rounded to its resolution when stored; the collector keeps each
-- point's latest reading (lamp_latest, 0158) from the rows stored, read back as the view reads
-- them, and the latest readings already kept are read back the same way here.
--
-- The view reads the integers back as the floats they were: `power_dw::real / 10` is the float
-- nearest the reported decimal, as the stored float was. It is inlined into every query, so a
-- filter on the point or the time still reaches the storage's key, partitions and chunks.
-- Writing into the view (INSERT or COPY) goes through a trigger that converts; the collector
-- writes the storage itself. Both paths keep `lamp_readings`' partitioning (plain PostgreSQL,
-- 0150) or hypertable (TimescaleDB, 0004, 0161), renamed: on TimescaleDB the chunks are
-- decompressed for the conversion (a column's type cannot change while compressed) and the
-- compression policy, set again as it was, compresses them again. All in one transaction: the
-- old files are freed at its commit (the disk an upgrade needs: docs/storage.md).

DO $migration$
DECLARE
    v_timescale boolean := EXISTS (SELECT 1 FROM storage_features
                                   WHERE feature = 'timescaledb' AND enabled);
    v_view record;
    v_grant record;
    v_partition record;
    v_compress_after interval;
BEGIN
    SET LOCAL search_path = public;

    -- The views reading the table, their definitions as they read now, their options and grants:
    -- dropped for the conversion, made again over the new view of the same name.
    CREATE TEMPORARY TABLE lamp_views ON COMMIT DROP AS
    SELECT DISTINCT v.oid AS view_oid, v.oid::regclass::text AS view_name,
           pg_get_viewdef(v.oid) AS definition, v.reloptions,
           obj_description(v.oid, 'pg_class') AS description
    FROM pg_depend d
    JOIN pg_rewrite r ON r.oid = d.objid
    JOIN pg_class v ON v.oid = r.ev_class
    WHERE d.classid = 'pg_rewrite'::regclass
      AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = 'lamp_readings'::regclass
      AND v.relkind = 'v';

    CREATE TEMPORARY TABLE lamp_grants ON COMMIT DROP AS
    SELECT c.oid::regclass::text AS relation, a.privilege_type, r.rolname::text AS rolname
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    JOIN pg_roles r ON r.oid = a.grantee
    WHERE (c.oid = 'lamp_readings'::regclass OR c.oid IN (SELECT view_oid FROM lamp_views))
      AND a.grantee <> c.relowner;

    FOR v_view IN SELECT * FROM lamp_views ORDER BY view_oid DESC LOOP
        EXECUTE format('DROP VIEW %s', v_view.view_name);
    END LOOP;

    ALTER TABLE lamp_readings RENAME TO lamp_readings_stored;
    ALTER INDEX lamp_readings_pkey RENAME TO lamp_readings_stored_pkey;
    ALTER INDEX lamp_readings_ts_brin RENAME TO lamp_readings_stored_ts_brin;

    IF v_timescale THEN
        SELECT (j.config ->> 'compress_after')::interval INTO v_compress_after
        FROM timescaledb_information.jobs j
        WHERE j.proc_name = 'policy_compression' AND j.hypertable_name = 'lamp_readings_stored';
        PERFORM remove_compression_policy('lamp_readings_stored', if_exists => true);
        PERFORM decompress_chunk(c, if_compressed => true)
        FROM show_chunks('lamp_readings_stored') c;
        ALTER TABLE lamp_readings_stored SET (timescaledb.compress = false);
    ELSE
        -- The partitions follow their table's name (vigie_create_partition names them so).
        ALTER TABLE lamp_readings_default RENAME TO lamp_readings_stored_default;
        FOR v_partition IN SELECT partition_name
                           FROM vigie_reading_partitions('lamp_readings_stored') LOOP
            EXECUTE format('ALTER TABLE %I RENAME TO %I', v_partition.partition_name,
                           'lamp_readings_stored' || substring(v_partition.partition_name
                                                               FROM '_p[0-9]{8}$'));
        END LOOP;
    END IF;
    ALTER TABLE partition_policies DROP CONSTRAINT partition_policies_table_name_check;
    UPDATE partition_policies SET table_name = 'lamp_readings_stored'
    WHERE table_name = 'lamp_readings';
    ALTER TABLE partition_policies ADD CONSTRAINT partition_policies_table_name_check
        CHECK (table_name IN ('lamp_readings_stored', 'cabinet_readings', 'meter_readings'));

    ALTER TABLE lamp_readings_stored
        DROP CONSTRAINT lamp_readings_power_w_check,
        DROP CONSTRAINT lamp_readings_energy_wh_check,
        DROP CONSTRAINT lamp_readings_voltage_v_check,
        DROP CONSTRAINT lamp_readings_current_a_check,
        DROP CONSTRAINT lamp_readings_power_factor_check,
        DROP CONSTRAINT lamp_readings_lamp_operating_hours_check,
        ALTER COLUMN received_at DROP DEFAULT;
    -- A partition made by vigie_create_partition has the checks as its own as well.
    FOR v_partition IN SELECT i.inhrelid::regclass::text AS partition_name
                       FROM pg_inherits i
                       WHERE i.inhparent = 'lamp_readings_stored'::regclass LOOP
        EXECUTE format('ALTER TABLE %s'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_power_w_check,'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_energy_wh_check,'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_voltage_v_check,'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_current_a_check,'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_power_factor_check,'
                       ' DROP CONSTRAINT IF EXISTS lamp_readings_lamp_operating_hours_check',
                       v_partition.partition_name);
    END LOOP;
    ALTER TABLE lamp_readings_stored
        ALTER COLUMN received_at TYPE bigint
            USING (extract(epoch FROM date_trunc('milliseconds', received_at)
                                      - date_trunc('milliseconds', ts)) * 1000)::bigint,
        ALTER COLUMN power_w TYPE integer USING round(power_w::float8 * 10)::integer,
        ALTER COLUMN energy_wh TYPE bigint USING round(energy_wh)::bigint,
        ALTER COLUMN voltage_v TYPE smallint USING round(voltage_v::float8 * 10)::smallint,
        ALTER COLUMN current_a TYPE integer USING round(current_a::float8 * 1000)::integer,
        ALTER COLUMN power_factor TYPE smallint USING round(power_factor::float8 * 100)::smallint,
        ALTER COLUMN lamp_operating_hours TYPE integer
            USING round(lamp_operating_hours::float8 * 10)::integer,
        ALTER COLUMN controller_temp_c TYPE smallint
            USING round(controller_temp_c::float8 * 10)::smallint;
    ALTER TABLE lamp_readings_stored RENAME COLUMN received_at TO received_after_ms;
    ALTER TABLE lamp_readings_stored RENAME COLUMN power_w TO power_dw;
    ALTER TABLE lamp_readings_stored RENAME COLUMN voltage_v TO voltage_dv;
    ALTER TABLE lamp_readings_stored RENAME COLUMN current_a TO current_ma;
    ALTER TABLE lamp_readings_stored RENAME COLUMN power_factor TO power_factor_pct;
    ALTER TABLE lamp_readings_stored RENAME COLUMN lamp_operating_hours TO lamp_operating_dh;
    ALTER TABLE lamp_readings_stored RENAME COLUMN controller_temp_c TO controller_temp_dc;
    ALTER TABLE lamp_readings_stored
        ADD CONSTRAINT lamp_readings_stored_power_dw_check CHECK (power_dw >= 0),
        ADD CONSTRAINT lamp_readings_stored_energy_wh_check CHECK (energy_wh >= 0),
        ADD CONSTRAINT lamp_readings_stored_voltage_dv_check CHECK (voltage_dv >= 0),
        ADD CONSTRAINT lamp_readings_stored_current_ma_check CHECK (current_ma >= 0),
        ADD CONSTRAINT lamp_readings_stored_power_factor_pct_check
            CHECK (power_factor_pct BETWEEN 0 AND 100),
        ADD CONSTRAINT lamp_readings_stored_lamp_operating_dh_check
            CHECK (lamp_operating_dh >= 0);

    IF v_timescale THEN
        ALTER TABLE lamp_readings_stored SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'light_point_id',
            timescaledb.compress_orderby = 'ts');
        IF v_compress_after IS NOT NULL THEN
            PERFORM add_compression_policy('lamp_readings_stored', v_compress_after);
        END IF;
    END IF;

    CREATE VIEW lamp_readings AS
    SELECT light_point_id,
           ts,
           date_trunc('milliseconds', ts) + received_after_ms * interval '1 millisecond'
               AS received_at,
           power_state,
           power_dw::real / 10::real AS power_w,
           dimming_pct,
           energy_wh::double precision AS energy_wh,
           voltage_dv::real / 10::real AS voltage_v,
           current_ma::real / 1000::real AS current_a,
           power_factor_pct::real / 100::real AS power_factor,
           lamp_operating_dh::real / 10::real AS lamp_operating_hours,
           lamp_switch_counter,
           lamp_failure,
           day_burner,
           cycling_failure,
           controller_temp_dc::real / 10::real AS controller_temp_c
    FROM lamp_readings_stored;
    ALTER VIEW lamp_readings ALTER COLUMN received_at
        SET DEFAULT date_trunc('milliseconds', now());
    COMMENT ON VIEW lamp_readings IS
        'Light-point readings in their units, read from their integers in lamp_readings_stored '
        '(migration 0164); INSERT and COPY into the view store them there.';
    COMMENT ON TABLE lamp_readings_stored IS
        'Light-point readings as integers of their resolution (0.1 W, 0.1 V, 1 mA, 0.01, 1 Wh, '
        '0.1 h, 0.1 °C) and the receive time as milliseconds after ts; read lamp_readings.';

    FOR v_view IN SELECT * FROM lamp_views ORDER BY view_oid LOOP
        IF v_view.reloptions IS NULL THEN
            EXECUTE format('CREATE VIEW %s AS %s', v_view.view_name, v_view.definition);
        ELSE
            EXECUTE format('CREATE VIEW %s WITH (%s) AS %s', v_view.view_name,
                           array_to_string(v_view.reloptions, ', '), v_view.definition);
        END IF;
        EXECUTE format('COMMENT ON VIEW %s IS %L', v_view.view_name, v_view.description);
    END LOOP;
    -- Each point's latest reading as the view reads its stored row back (rounded as stored).
    UPDATE lamp_latest l
    SET received_at = r.received_at, power_w = r.power_w, energy_wh = r.energy_wh,
        voltage_v = r.voltage_v, current_a = r.current_a, power_factor = r.power_factor,
        lamp_operating_hours = r.lamp_operating_hours, controller_temp_c = r.controller_temp_c
    FROM lamp_readings r
    WHERE r.light_point_id = l.light_point_id AND r.ts = l.ts;

    -- The table's grants (captured under its old name) go to the view of that name as well.
    FOR v_grant IN SELECT * FROM lamp_grants LOOP
        EXECUTE format('GRANT %s ON %s TO %I', v_grant.privilege_type, v_grant.relation,
                       v_grant.rolname);
    END LOOP;
END
$migration$;

-- Writing into the view: each row converted as the collector converts it (rounded to the
-- integer of its resolution), into the storage; a key already stored fails as it did on the
-- table.
CREATE FUNCTION lamp_readings_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, power_state,
                                      power_dw, dimming_pct, energy_wh, voltage_dv, current_ma,
                                      power_factor_pct, lamp_operating_dh, lamp_switch_counter,
                                      lamp_failure, day_burner, cycling_failure,
                                      controller_temp_dc)
    VALUES (NEW.light_point_id, NEW.ts,
            (extract(epoch FROM date_trunc('milliseconds', NEW.received_at)
                                - date_trunc('milliseconds', NEW.ts)) * 1000)::bigint,
            NEW.power_state, round(NEW.power_w::float8 * 10), NEW.dimming_pct,
            round(NEW.energy_wh), round(NEW.voltage_v::float8 * 10),
            round(NEW.current_a::float8 * 1000), round(NEW.power_factor::float8 * 100),
            round(NEW.lamp_operating_hours::float8 * 10), NEW.lamp_switch_counter,
            NEW.lamp_failure, NEW.day_burner, NEW.cycling_failure,
            round(NEW.controller_temp_c::float8 * 10));
    RETURN NEW;
END
$$;

CREATE TRIGGER lamp_readings_insert INSTEAD OF INSERT ON lamp_readings
FOR EACH ROW EXECUTE FUNCTION lamp_readings_insert();

-- The maintenance of 0150 with the table's new name in its order (lamps, cabinets, meters).
CREATE OR REPLACE FUNCTION vigie_maintain_partitions()
RETURNS TABLE (table_name text, created integer, dropped integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_policy partition_policies;
    v_old record;
    v_start timestamptz;
    v_current timestamptz;
    v_dropped jsonb := '{}';
    v_order text[] := ARRAY['lamp_readings_stored', 'cabinet_readings', 'meter_readings'];
BEGIN
    IF NOT vigie_readings_partitioned() THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('vigie_partitions'));
    FOR v_policy IN SELECT * FROM partition_policies p
                    ORDER BY array_position(v_order, p.table_name) LOOP
        dropped := 0;
        IF v_policy.retention IS NOT NULL THEN
            FOR v_old IN
                SELECT p.partition_name FROM vigie_reading_partitions(v_policy.table_name) p
                WHERE p.ends <= now() - v_policy.retention
            LOOP
                EXECUTE format('DROP TABLE public.%I', v_old.partition_name);
                dropped := dropped + 1;
            END LOOP;
        END IF;
        v_dropped := v_dropped || jsonb_build_object(v_policy.table_name, dropped);
    END LOOP;
    FOR v_policy IN SELECT * FROM partition_policies p
                    ORDER BY array_position(v_order, p.table_name) LOOP
        table_name := v_policy.table_name;
        created := 0;
        dropped := (v_dropped ->> v_policy.table_name)::integer;
        FOR v_start IN EXECUTE format(
            'SELECT DISTINCT vigie_period_start(%L, ts) FROM public.%I'
            ' WHERE ts <= now() + interval ''1 year'' ORDER BY 1',
            v_policy.period, v_policy.table_name || '_default')
        LOOP
            IF vigie_create_partition(v_policy.table_name, v_start) THEN
                created := created + 1;
            END IF;
        END LOOP;
        v_current := vigie_period_start(v_policy.period, now());
        FOR step IN 0..v_policy.ahead LOOP
            IF vigie_create_partition(v_policy.table_name,
                                      vigie_period_after(v_policy.period, v_current, step)) THEN
                created := created + 1;
            END IF;
        END LOOP;
        RETURN NEXT;
    END LOOP;
END
$$;
