-- Raw readings partitioned by time on plain PostgreSQL, with the retention TimescaleDB applies
-- (0004): without it nothing bounds the tables, and each table's one primary-key index grows
-- with it. On TimescaleDB the tables stay hypertables and this migration only records the
-- policies (the functions below then do nothing).
--
-- Each readings table becomes a table partitioned by range of ts, one partition per calendar
-- period in UTC (lamps a week, cabinets a month, meters a year: docs/storage.md says why), named
-- <table>_pYYYYMMDD after the period's first day, plus a default partition <table>_default.
-- A reading always finds a partition: one whose period has none yet (a late reading on a fresh
-- database, history years back, a clock far ahead) lands in the default partition. A default
-- partition must never hold a row of a period being created (the creation would fail), so a
-- period is created by moving its rows out of the default partition first, with writes into
-- the default partition held for that moment, then attaching the new table (ATTACH takes a
-- lock that does not wait for the collectors' inserts). Then:
--   * vigie_maintain_partitions() drops whole partitions whose period ended more than
--     `retention` ago (never a DELETE), gives the readings of the default partition their own
--     periods (up to a year ahead), and creates the current period and `ahead` periods after it;
--   * vigie_cover_readings(table, stamps) creates the periods of given reading times, so that
--     `vigie import readings` writes history straight into its periods.
-- Both run with the rights of the schema's owner (SECURITY DEFINER): the worker may maintain
-- partitions only through the first, the collector and the worker create them only through the
-- second; no service role may create or drop a table otherwise. A new
-- partition receives the grants of its table, so a role may read it directly as it reads the
-- table. Rows of existing tables are copied into their partitions, keys and grants kept; views
-- reading the tables are redefined with their own text, keeping their grants and dependents.

CREATE TABLE partition_policies (
    table_name  text PRIMARY KEY CHECK (table_name IN ('lamp_readings', 'cabinet_readings',
                                                       'meter_readings')),
    period      text NOT NULL CHECK (period IN ('day', 'week', 'month', 'year')),
    ahead       integer NOT NULL CHECK (ahead BETWEEN 1 AND 60),
    retention   interval CHECK (retention > interval '0')  -- NULL: kept
);
COMMENT ON TABLE partition_policies IS
    'Time partitions of the readings tables on plain PostgreSQL: period, periods created ahead, '
    'retention (the same as the TimescaleDB retention policy; NULL keeps every period).';

INSERT INTO partition_policies (table_name, period, ahead, retention) VALUES
    ('lamp_readings', 'week', 2, interval '1096 days'),
    ('cabinet_readings', 'month', 2, interval '1096 days'),
    ('meter_readings', 'year', 1, NULL);

GRANT SELECT ON partition_policies TO vigie_collector, vigie_worker, vigie_api;

-- The first instant of the period holding `at`, in UTC.
CREATE FUNCTION vigie_period_start(period text, at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN date_trunc(period, at, 'UTC');

-- The first instant of the period `steps` periods after the one starting at `start`, in UTC.
CREATE FUNCTION vigie_period_after(period text, start timestamptz, steps integer DEFAULT 1)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ((start AT TIME ZONE 'UTC') + steps * ('1 ' || period)::interval) AT TIME ZONE 'UTC';

-- Whether the readings tables are partitioned here (plain PostgreSQL) rather than hypertables.
CREATE FUNCTION vigie_readings_partitioned() RETURNS boolean
LANGUAGE sql STABLE
RETURN NOT coalesce((SELECT enabled FROM storage_features WHERE feature = 'timescaledb'), false);

-- The partitions of a readings table with their bounds, oldest first (not the default one).
CREATE FUNCTION vigie_reading_partitions(p_table text)
RETURNS TABLE (partition_name text, starts timestamptz, ends timestamptz)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT c.relname::text,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)')::timestamptz,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = 'public' AND p.relname = p_table
      AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
    ORDER BY 2;
END;

-- Create the partition of `p_table` for the period starting at `p_start` unless it exists: its
-- readings are moved out of the default partition (the table's writes wait meanwhile), the table is
-- attached and given the table's grants. True when created. Callers hold the partitions lock.
CREATE FUNCTION vigie_create_partition(p_table text, p_start timestamptz) RETURNS boolean
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    v_period text := (SELECT period FROM partition_policies WHERE table_name = p_table);
    v_name text := p_table || '_p' || to_char(p_start AT TIME ZONE 'UTC', 'YYYYMMDD');
    v_end timestamptz;
    v_grant record;
BEGIN
    IF v_period IS NULL OR p_start <> vigie_period_start(v_period, p_start) THEN
        RAISE EXCEPTION 'no period of % starts at %', p_table, p_start;
    END IF;
    IF to_regclass(format('public.%I', v_name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    v_end := vigie_period_after(v_period, p_start);
    -- Writers of the table wait until the period is attached: a COPY that chose its partitions
    -- before would put this period's rows in the default partition, whose bounds then exclude
    -- them (a partition constraint error). Readers go on.
    EXECUTE format('LOCK TABLE public.%I IN EXCLUSIVE MODE', p_table);
    EXECUTE format('LOCK TABLE public.%I IN EXCLUSIVE MODE', p_table || '_default');
    EXECUTE format('CREATE TABLE public.%I'
                   ' (LIKE public.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name, p_table);
    -- The bounds as a check: ATTACH then trusts it instead of scanning the table.
    EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (ts >= %L AND ts < %L)',
                   v_name, v_name || '_bounds', p_start, v_end);
    EXECUTE format('WITH moved AS (DELETE FROM public.%I WHERE ts >= %L AND ts < %L RETURNING *)'
                   ' INSERT INTO public.%I SELECT * FROM moved',
                   p_table || '_default', p_start, v_end, v_name);
    EXECUTE format('ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                   p_table, v_name, p_start, v_end);
    EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', v_name, v_name || '_bounds');
    FOR v_grant IN
        SELECT a.privilege_type, r.rolname
        FROM pg_class c
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.oid = format('public.%I', p_table)::regclass AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT %s ON public.%I TO %I', v_grant.privilege_type, v_name,
                       v_grant.rolname);
    END LOOP;
    RETURN true;
END
$$;
REVOKE EXECUTE ON FUNCTION vigie_create_partition(text, timestamptz) FROM PUBLIC;

-- Create the periods of `p_table` that the reading times `p_stamps` need (up to a year ahead;
-- later ones stay in the default partition); return how many were created. A period already
-- past the retention is created like any other (history imported years back is rolled up) and
-- dropped whole by the next maintenance, as TimescaleDB's retention job drops such a chunk.
-- Nothing to do on TimescaleDB.
CREATE FUNCTION vigie_cover_readings(p_table text, p_stamps timestamptz[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_period text := (SELECT period FROM partition_policies WHERE table_name = p_table);
    v_start timestamptz;
    v_created integer := 0;
BEGIN
    IF v_period IS NULL THEN
        RAISE EXCEPTION 'no partition policy for table %', p_table
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT vigie_readings_partitioned() THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('vigie_partitions'));
    FOR v_start IN
        SELECT DISTINCT vigie_period_start(v_period, s) FROM unnest(p_stamps) s
        WHERE s <= now() + interval '1 year' ORDER BY 1
    LOOP
        IF vigie_create_partition(p_table, v_start) THEN
            v_created := v_created + 1;
        END IF;
    END LOOP;
    RETURN v_created;
END
$$;
REVOKE EXECUTE ON FUNCTION vigie_cover_readings(text, timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigie_cover_readings(text, timestamptz[])
    TO vigie_collector, vigie_worker;

-- For every readings table: drop the partitions whose period ended more than the retention
-- ago, give the readings of the default partition their periods (up to a year ahead, so a
-- period past the retention swept there is dropped at the next run), create the current period
-- and the `ahead` periods after it. One row per table: partitions created,
-- partitions dropped. Nothing to do on TimescaleDB (its own policies act).
CREATE FUNCTION vigie_maintain_partitions()
RETURNS TABLE (table_name text, created integer, dropped integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_policy partition_policies;
    v_old record;
    v_start timestamptz;
    v_current timestamptz;
    v_dropped jsonb := '{}';
    -- The collector's order of writes (lamps, cabinets, meters): locks are taken in it too.
    v_order text[] := ARRAY['lamp_readings', 'cabinet_readings', 'meter_readings'];
BEGIN
    IF NOT vigie_readings_partitioned() THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('vigie_partitions'));
    -- Drops first: their lock on each table comes before any lock the creations take.
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
REVOKE EXECUTE ON FUNCTION vigie_maintain_partitions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigie_maintain_partitions() TO vigie_worker;

-- Convert the three tables on plain PostgreSQL.
DO $migration$
DECLARE
    v_view record;
    v_grant record;
    v_table text;
    v_start timestamptz;
BEGIN
    IF NOT vigie_readings_partitioned() THEN
        RETURN;
    END IF;
    SET LOCAL search_path = public;

    -- The views reading the tables, with their text as it reads now (names resolve to the new
    -- tables once the old ones are renamed), to be redefined in place.
    CREATE TEMPORARY TABLE reading_views ON COMMIT DROP AS
    SELECT DISTINCT v.oid AS view_oid, v.oid::regclass::text AS view_name,
           pg_get_viewdef(v.oid) AS definition, v.reloptions
    FROM pg_depend d
    JOIN pg_rewrite r ON r.oid = d.objid
    JOIN pg_class v ON v.oid = r.ev_class
    WHERE d.classid = 'pg_rewrite'::regclass
      AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid IN ('lamp_readings'::regclass, 'cabinet_readings'::regclass,
                         'meter_readings'::regclass)
      AND v.relkind = 'v';

    CREATE TEMPORARY TABLE reading_grants ON COMMIT DROP AS
    SELECT c.relname::text AS table_name, a.privilege_type, r.rolname::text AS rolname
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid IN ('lamp_readings'::regclass, 'cabinet_readings'::regclass,
                    'meter_readings'::regclass)
      AND a.grantee <> c.relowner;

    FOREACH v_table IN ARRAY ARRAY['lamp_readings', 'cabinet_readings', 'meter_readings'] LOOP
        EXECUTE format('ALTER TABLE %I RENAME TO %I', v_table, v_table || '_unpartitioned');
        EXECUTE format('ALTER INDEX %I RENAME TO %I', v_table || '_pkey',
                       v_table || '_unpartitioned_pkey');
        EXECUTE format('ALTER INDEX %I RENAME TO %I', v_table || '_ts_brin',
                       v_table || '_unpartitioned_ts_brin');
    END LOOP;

    -- The columns, checks and keys of 0003, the checks named as they were.
    CREATE TABLE lamp_readings (
        light_point_id        integer NOT NULL,
        ts                    timestamptz NOT NULL,
        received_at           timestamptz NOT NULL DEFAULT now(),
        power_state           text,
        power_w               real,
        dimming_pct           smallint,
        energy_wh             double precision,
        voltage_v             real,
        current_a             real,
        power_factor          real,
        lamp_operating_hours  real,
        lamp_switch_counter   integer,
        lamp_failure          boolean,
        day_burner            boolean,
        cycling_failure       boolean,
        controller_temp_c     real,
        PRIMARY KEY (light_point_id, ts),
        CONSTRAINT lamp_readings_power_state_check
            CHECK (power_state IN ('on', 'off', 'low', 'bootingUp')),
        CONSTRAINT lamp_readings_power_w_check CHECK (power_w >= 0),
        CONSTRAINT lamp_readings_dimming_pct_check CHECK (dimming_pct BETWEEN 0 AND 100),
        CONSTRAINT lamp_readings_energy_wh_check CHECK (energy_wh >= 0),
        CONSTRAINT lamp_readings_voltage_v_check CHECK (voltage_v >= 0),
        CONSTRAINT lamp_readings_current_a_check CHECK (current_a >= 0),
        CONSTRAINT lamp_readings_power_factor_check CHECK (power_factor BETWEEN 0 AND 1),
        CONSTRAINT lamp_readings_lamp_operating_hours_check CHECK (lamp_operating_hours >= 0),
        CONSTRAINT lamp_readings_lamp_switch_counter_check CHECK (lamp_switch_counter >= 0)
    ) PARTITION BY RANGE (ts);

    CREATE TABLE cabinet_readings (
        cabinet_id           integer NOT NULL,
        ts                   timestamptz NOT NULL,
        received_at          timestamptz NOT NULL DEFAULT now(),
        energy_kwh           double precision,
        active_power_w       real,
        voltage_v            real,
        power_factor         real,
        PRIMARY KEY (cabinet_id, ts),
        CONSTRAINT cabinet_readings_energy_kwh_check CHECK (energy_kwh >= 0),
        CONSTRAINT cabinet_readings_active_power_w_check CHECK (active_power_w >= 0),
        CONSTRAINT cabinet_readings_voltage_v_check CHECK (voltage_v >= 0),
        CONSTRAINT cabinet_readings_power_factor_check CHECK (power_factor BETWEEN 0 AND 1)
    ) PARTITION BY RANGE (ts);

    CREATE TABLE meter_readings (
        meter_id     integer NOT NULL,
        ts           timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        value        double precision NOT NULL,
        PRIMARY KEY (meter_id, ts),
        CONSTRAINT meter_readings_value_check
            CHECK (value <> 'NaN' AND value <> 'Infinity' AND value <> '-Infinity')
    ) PARTITION BY RANGE (ts);

    CREATE TABLE lamp_readings_default PARTITION OF lamp_readings DEFAULT;
    CREATE TABLE cabinet_readings_default PARTITION OF cabinet_readings DEFAULT;
    CREATE TABLE meter_readings_default PARTITION OF meter_readings DEFAULT;

    CREATE INDEX lamp_readings_ts_brin ON lamp_readings USING brin (ts)
        WITH (pages_per_range = 32);
    CREATE INDEX cabinet_readings_ts_brin ON cabinet_readings USING brin (ts)
        WITH (pages_per_range = 32);
    CREATE INDEX meter_readings_ts_brin ON meter_readings USING brin (ts)
        WITH (pages_per_range = 32);

    FOR v_grant IN SELECT * FROM reading_grants LOOP
        EXECUTE format('GRANT %s ON %I TO %I', v_grant.privilege_type, v_grant.table_name,
                       v_grant.rolname);
        EXECUTE format('GRANT %s ON %I TO %I', v_grant.privilege_type,
                       v_grant.table_name || '_default', v_grant.rolname);
    END LOOP;

    -- A partition for every period that holds readings (even past the retention: the next
    -- maintenance drops those whole), then the rows.
    FOREACH v_table IN ARRAY ARRAY['lamp_readings', 'cabinet_readings', 'meter_readings'] LOOP
        FOR v_start IN EXECUTE format(
            'SELECT DISTINCT vigie_period_start(p.period, r.ts) FROM %I r, partition_policies p'
            ' WHERE p.table_name = %L', v_table || '_unpartitioned', v_table)
        LOOP
            PERFORM vigie_create_partition(v_table, v_start);
        END LOOP;
    END LOOP;
    INSERT INTO lamp_readings (light_point_id, ts, received_at, power_state, power_w,
                               dimming_pct, energy_wh, voltage_v, current_a, power_factor,
                               lamp_operating_hours, lamp_switch_counter, lamp_failure,
                               day_burner, cycling_failure, controller_temp_c)
    SELECT light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh,
           voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter,
           lamp_failure, day_burner, cycling_failure, controller_temp_c
    FROM lamp_readings_unpartitioned;
    INSERT INTO cabinet_readings (cabinet_id, ts, received_at, energy_kwh, active_power_w,
                                  voltage_v, power_factor)
    SELECT cabinet_id, ts, received_at, energy_kwh, active_power_w, voltage_v, power_factor
    FROM cabinet_readings_unpartitioned;
    INSERT INTO meter_readings (meter_id, ts, received_at, value)
    SELECT meter_id, ts, received_at, value FROM meter_readings_unpartitioned;

    FOR v_view IN SELECT * FROM reading_views ORDER BY view_oid LOOP
        IF v_view.reloptions IS NULL THEN
            EXECUTE format('CREATE OR REPLACE VIEW %s AS %s', v_view.view_name,
                           v_view.definition);
        ELSE
            EXECUTE format('CREATE OR REPLACE VIEW %s WITH (%s) AS %s', v_view.view_name,
                           array_to_string(v_view.reloptions, ', '), v_view.definition);
        END IF;
    END LOOP;

    DROP TABLE lamp_readings_unpartitioned, cabinet_readings_unpartitioned,
        meter_readings_unpartitioned;
END
$migration$;
