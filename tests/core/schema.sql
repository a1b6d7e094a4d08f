CREATE SCHEMA reporting;

COMMENT ON SCHEMA reporting IS 'Views made for Grafana: the only objects the vigie_grafana role may read.';

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

CREATE FUNCTION public.building_daily_meter_move() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    first_start timestamptz;
    last_end timestamptz;
BEGIN
    SELECT date_trunc('day', min(hour_start), 'UTC'),
           date_trunc('day', max(hour_start), 'UTC') + interval '1 day'
    INTO first_start, last_end
    FROM meter_rollups_hourly WHERE meter_id = NEW.id;
    IF first_start IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM building_daily
    WHERE building_id IN (OLD.building_id, NEW.building_id)
      AND day_start >= first_start AND day_start < last_end;
    INSERT INTO building_daily
        (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
         electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
    SELECT d.*
    FROM building_days_from_hours(ARRAY[OLD.building_id, NEW.building_id], first_start,
                                  last_end) d;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.building_daily_territory_zone() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    here integer[];
BEGIN
    SELECT array_agg(b.id) INTO here
    FROM buildings b JOIN communes c ON c.id = b.commune_id
    WHERE c.territory_id = NEW.id;
    IF here IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM building_daily WHERE building_id = ANY (here);
    INSERT INTO building_daily
        (building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,
         electricity_covered_h, temperature_hours, occupied_hours_above_19, temperature_sum)
    SELECT d.* FROM building_days_from_hours(here, '-infinity', 'infinity') d;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.building_days_from_hours(p_buildings integer[], p_from timestamp with time zone, p_to timestamp with time zone) RETURNS TABLE(building_id integer, day_start timestamp with time zone, electricity_kwh double precision, out_of_hours_kwh double precision, electricity_hours integer, electricity_covered_h double precision, temperature_hours integer, occupied_hours_above_19 integer, temperature_sum double precision)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT m.building_id, date_trunc('day', h.hour_start, 'UTC'),
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity'), 0),
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity' AND NOT o.occupied),
                    0),
           (count(*) FILTER (WHERE m.quantity = 'electricity'))::integer,
           coalesce(sum(h.coverage) FILTER (WHERE m.quantity = 'electricity'), 0),
           (count(*) FILTER (WHERE m.quantity = 'indoor_temperature'))::integer,
           (count(*) FILTER (WHERE m.quantity = 'indoor_temperature' AND o.occupied
                                   AND h.value > 19))::integer,
           coalesce(sum(h.value) FILTER (WHERE m.quantity = 'indoor_temperature'), 0)
    FROM meters m
    JOIN buildings b ON b.id = m.building_id
    JOIN communes c ON c.id = b.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN meter_rollups_hourly h ON h.meter_id = m.id
    CROSS JOIN LATERAL (
        SELECT NOT (extract(isodow FROM h.hour_start AT TIME ZONE t.timezone) > 5
                    OR extract(hour FROM h.hour_start AT TIME ZONE t.timezone)
                       NOT BETWEEN 7 AND 18) AS occupied
    ) o
    WHERE m.building_id = ANY (p_buildings)
      AND m.quantity IN ('electricity', 'indoor_temperature')
      AND h.hour_start >= p_from AND h.hour_start < p_to
    GROUP BY m.building_id, date_trunc('day', h.hour_start, 'UTC')
$$;

CREATE FUNCTION public.district_lamp_daily_move() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO district_lamp_daily AS t (district_id, day, energy_wh, covered_point_days, points)
    SELECT NEW.district_id, r.day, r.energy_wh, r.coverage, 1
    FROM lamp_rollups_daily r
    WHERE r.light_point_id = NEW.id
    ON CONFLICT (district_id, day) DO UPDATE
    SET energy_wh = t.energy_wh + excluded.energy_wh,
        covered_point_days = t.covered_point_days + excluded.covered_point_days,
        points = t.points + 1, computed_at = now();
    UPDATE district_lamp_daily t
    SET energy_wh = greatest(0.0, t.energy_wh - r.energy_wh),
        covered_point_days = greatest(0.0, t.covered_point_days - r.coverage),
        points = t.points - 1, computed_at = now()
    FROM lamp_rollups_daily r
    WHERE r.light_point_id = OLD.id AND t.district_id = OLD.district_id AND t.day = r.day;
    DELETE FROM district_lamp_daily WHERE district_id = OLD.district_id AND points = 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.district_lamp_hourly_move() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO district_lamp_hourly AS t
        (district_id, hour_start, energy_wh, covered_point_hours, points)
    SELECT NEW.district_id, r.hour_start, r.energy_wh, r.coverage, 1
    FROM lamp_rollups_hourly r
    WHERE r.light_point_id = NEW.id
    ON CONFLICT (district_id, hour_start) DO UPDATE
    SET energy_wh = t.energy_wh + excluded.energy_wh,
        covered_point_hours = t.covered_point_hours + excluded.covered_point_hours,
        points = t.points + 1, computed_at = now();
    UPDATE district_lamp_hourly t
    SET energy_wh = greatest(0.0, t.energy_wh - r.energy_wh),
        covered_point_hours = greatest(0.0, t.covered_point_hours - r.coverage),
        points = greatest(0, t.points - 1), computed_at = now()
    FROM lamp_rollups_hourly r
    WHERE r.light_point_id = OLD.id AND t.district_id = OLD.district_id
      AND t.hour_start = r.hour_start;
    DELETE FROM district_lamp_hourly
    WHERE district_id = OLD.district_id AND points = 0 AND failing_points = 0
      AND day_burner_points = 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.lamp_readings_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_temp'
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

CREATE FUNCTION public.vigie_acknowledge_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone DEFAULT now()) RETURNS TABLE(alert_id bigint, state text, changed boolean)
    LANGUAGE sql
    AS $$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'acknowledge', p_person_id, p_comment, p_at)
$$;

COMMENT ON FUNCTION public.vigie_acknowledge_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone) IS 'open -> acknowledged, by a person, with an optional comment.';

CREATE FUNCTION public.vigie_alert_transition(p_alert_id bigint, p_change text, p_person_id integer, p_comment text, p_at timestamp with time zone DEFAULT now()) RETURNS TABLE(alert_id bigint, state text, changed boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_from text;
    v_to   text;
BEGIN
    IF p_change IS NULL OR p_change NOT IN ('acknowledge', 'resolve', 'close') THEN
        RAISE EXCEPTION 'unknown alert change %: acknowledge, resolve or close', p_change
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT a.state INTO v_from FROM alerts a WHERE a.id = p_alert_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- The legal transitions, and nothing else.
    v_to := CASE
        WHEN p_change = 'acknowledge' AND v_from = 'open' THEN 'acknowledged'
        WHEN p_change = 'resolve' AND v_from IN ('open', 'acknowledged') THEN 'resolved'
        WHEN p_change = 'close' AND v_from = 'resolved' THEN 'closed'
    END;
    IF v_to IS NULL THEN
        RETURN QUERY SELECT p_alert_id, v_from, false;
        RETURN;
    END IF;
    UPDATE alerts a
    SET state = v_to,
        acknowledged_by = CASE WHEN v_to = 'acknowledged' THEN p_person_id
                               ELSE a.acknowledged_by END,
        acknowledged_at = CASE WHEN v_to = 'acknowledged' THEN p_at ELSE a.acknowledged_at END,
        resolved_by = CASE WHEN v_to = 'resolved' THEN p_person_id ELSE a.resolved_by END,
        resolved_at = CASE WHEN v_to = 'resolved' THEN p_at ELSE a.resolved_at END,
        closed_at = CASE WHEN v_to = 'closed' THEN p_at ELSE a.closed_at END,
        comment = coalesce(p_comment, a.comment)
    WHERE a.id = p_alert_id;
    INSERT INTO alert_events (alert_id, at, kind, person_id, comment)
    VALUES (p_alert_id, p_at, v_to, p_person_id, p_comment);
    RETURN QUERY SELECT p_alert_id, v_to, true;
END
$$;

COMMENT ON FUNCTION public.vigie_alert_transition(p_alert_id bigint, p_change text, p_person_id integer, p_comment text, p_at timestamp with time zone) IS 'Acknowledge, resolve or close an alert if its state allows it; (alert_id, state, changed).';

CREATE FUNCTION public.vigie_area_polygons(p_geometry jsonb) RETURNS SETOF jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT jsonb_array_elements(
        CASE p_geometry ->> 'type'
            WHEN 'Polygon' THEN jsonb_build_array(p_geometry -> 'coordinates')
            WHEN 'MultiPolygon' THEN p_geometry -> 'coordinates'
        END)
$$;

CREATE FUNCTION public.vigie_area_bounds(p_geometry jsonb) RETURNS box
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT box(point(min(((pos.value ->> 0))::double precision), min(((pos.value ->> 1))::double precision)), point(max(((pos.value ->> 0))::double precision), max(((pos.value ->> 1))::double precision))) AS box FROM public.vigie_area_polygons(vigie_area_bounds.p_geometry) p(rings), LATERAL jsonb_array_elements((p.rings -> 0)) pos(value));

CREATE FUNCTION public.vigie_ring_polygon(p_ring jsonb) RETURNS polygon
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT ((('('::text || string_agg((((('('::text || (r.pos ->> 0)) || ','::text) || (r.pos ->> 1)) || ')'::text), ','::text ORDER BY r.i)) || ')'::text))::polygon AS polygon FROM jsonb_array_elements(vigie_ring_polygon.p_ring) WITH ORDINALITY r(pos, i));

CREATE FUNCTION public.vigie_area_rings(p_geometry jsonb) RETURNS polygon[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT public.vigie_ring_polygon(r.ring) AS vigie_ring_polygon FROM public.vigie_area_polygons(vigie_area_rings.p_geometry) p(rings), LATERAL jsonb_array_elements(p.rings) r(ring));

CREATE FUNCTION public.vigie_close_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone DEFAULT now()) RETURNS TABLE(alert_id bigint, state text, changed boolean)
    LANGUAGE sql
    AS $$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'close', p_person_id, p_comment, p_at)
$$;

COMMENT ON FUNCTION public.vigie_close_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone) IS 'resolved -> closed: nothing more to do or say about the alert.';

CREATE FUNCTION public.vigie_cover_readings(p_table text, p_stamps timestamp with time zone[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
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

CREATE FUNCTION public.vigie_create_partition(p_table text, p_start timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_temp'
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

CREATE FUNCTION public.vigie_in_area(p_rings polygon[], p_point point) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT ((count(*) % (2)::bigint) = 1) FROM unnest(vigie_in_area.p_rings) r(ring) WHERE (r.ring @> vigie_in_area.p_point));

COMMENT ON FUNCTION public.vigie_in_area(p_rings polygon[], p_point point) IS 'Whether a point (longitude, latitude) is inside the rings of a drawn area (even-odd rule).';

CREATE FUNCTION public.vigie_json_timestamp(p_ts timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT to_char(p_ts, 'YYYY-MM-DD"T"HH24:MI:SS')
           || CASE WHEN date_trunc('second', p_ts) = p_ts THEN '' ELSE to_char(p_ts, '.US') END
           || CASE WHEN extract(timezone FROM p_ts) = 0 THEN 'Z' ELSE to_char(p_ts, 'TZH:TZM') END
$$;

CREATE FUNCTION public.vigie_keep_adjustment() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (NEW.action_id, NEW.kind, NEW.starts_on, NEW.ends_on, NEW.kwh_per_year, NEW.district_id,
        NEW.cabinet_id, NEW.light_point_id, NEW.building_id, NEW.reason, NEW.recorded_by,
        NEW.recorded_at)
       IS DISTINCT FROM
       (OLD.action_id, OLD.kind, OLD.starts_on, OLD.ends_on, OLD.kwh_per_year, OLD.district_id,
        OLD.cabinet_id, OLD.light_point_id, OLD.building_id, OLD.reason, OLD.recorded_by,
        OLD.recorded_at)
       OR OLD.withdrawn_at IS NOT NULL THEN
        RAISE EXCEPTION 'adjustment % is kept as recorded: only its withdrawal is written, once',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION public.vigie_maintain_partitions() RETURNS TABLE(table_name text, created integer, dropped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
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

CREATE FUNCTION public.vigie_period_after(period text, start timestamp with time zone, steps integer DEFAULT 1) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (((start AT TIME ZONE 'UTC'::text) + ((steps)::double precision * (('1 '::text || period))::interval)) AT TIME ZONE 'UTC'::text);

CREATE FUNCTION public.vigie_period_start(period text, at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN date_trunc(period, at, 'UTC'::text);

CREATE FUNCTION public.vigie_reading_partitions(p_table text) RETURNS TABLE(partition_name text, starts timestamp with time zone, ends timestamp with time zone)
    LANGUAGE sql STABLE
    BEGIN ATOMIC
 SELECT (c.relname)::text AS relname,
     ("substring"(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'::text))::timestamp with time zone AS "substring",
     ("substring"(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'::text))::timestamp with time zone AS "substring"
    FROM (((pg_inherits i
      JOIN pg_class c ON ((c.oid = i.inhrelid)))
      JOIN pg_class p ON ((p.oid = i.inhparent)))
      JOIN pg_namespace n ON ((n.oid = p.relnamespace)))
   WHERE ((n.nspname = 'public'::name) AND (p.relname = vigie_reading_partitions.p_table) AND (pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'::text))
   ORDER BY ("substring"(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'::text))::timestamp with time zone;
END;

CREATE TABLE public.storage_features (
    feature text NOT NULL,
    enabled boolean NOT NULL,
    decided_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE FUNCTION public.vigie_readings_partitioned() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN (NOT COALESCE((SELECT storage_features.enabled FROM public.storage_features WHERE (storage_features.feature = 'timescaledb'::text)), false));

CREATE FUNCTION public.vigie_record_adjustment(p_action_id integer, p_kind text, p_starts_on date, p_ends_on date, p_kwh_per_year double precision, p_asset_kind text, p_asset_code text, p_reason text, p_person_id integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_territory  smallint;
    v_asset      integer;
    v_id         integer;
BEGIN
    IF p_person_id IS NULL THEN
        RAISE EXCEPTION 'an adjustment names the person who records it'
            USING ERRCODE = 'not_null_violation';
    END IF;
    SELECT po.territory_id INTO v_territory
    FROM actions a
    JOIN missions m ON m.id = a.mission_id
    JOIN policies po ON po.id = m.policy_id
    WHERE a.id = p_action_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF p_asset_kind = 'district' THEN
        SELECT d.id INTO v_asset FROM districts d JOIN communes c ON c.id = d.commune_id
        WHERE d.code = p_asset_code AND c.territory_id = v_territory;
    ELSIF p_asset_kind = 'cabinet' THEN
        SELECT cc.id INTO v_asset FROM control_cabinets cc
        JOIN districts d ON d.id = cc.district_id JOIN communes c ON c.id = d.commune_id
        WHERE cc.code = p_asset_code AND c.territory_id = v_territory;
    ELSIF p_asset_kind = 'light_point' THEN
        SELECT lp.id INTO v_asset FROM light_points lp
        JOIN districts d ON d.id = lp.district_id JOIN communes c ON c.id = d.commune_id
        WHERE lp.code = p_asset_code AND c.territory_id = v_territory;
    ELSIF p_asset_kind = 'building' THEN
        SELECT b.id INTO v_asset FROM buildings b JOIN communes c ON c.id = b.commune_id
        WHERE b.code = p_asset_code AND c.territory_id = v_territory;
    ELSIF p_asset_kind IS NOT NULL THEN
        RAISE EXCEPTION 'unknown asset kind %: district, cabinet, light_point or building',
            p_asset_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_asset_kind IS NOT NULL AND v_asset IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO effect_adjustments (action_id, kind, starts_on, ends_on, kwh_per_year,
                                    district_id, cabinet_id, light_point_id, building_id,
                                    reason, recorded_by)
    VALUES (p_action_id, p_kind, p_starts_on, p_ends_on, p_kwh_per_year,
            CASE WHEN p_asset_kind = 'district' THEN v_asset END,
            CASE WHEN p_asset_kind = 'cabinet' THEN v_asset END,
            CASE WHEN p_asset_kind = 'light_point' THEN v_asset END,
            CASE WHEN p_asset_kind = 'building' THEN v_asset END,
            btrim(p_reason), p_person_id)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

COMMENT ON FUNCTION public.vigie_record_adjustment(p_action_id integer, p_kind text, p_starts_on date, p_ends_on date, p_kwh_per_year double precision, p_asset_kind text, p_asset_code text, p_reason text, p_person_id integer) IS 'Record a non-routine adjustment of an action''s baseline: its id, or NULL when the action''s territory has no such asset.';

CREATE FUNCTION public.vigie_record_policy_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_old     jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    v_new     jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    v_action  text := nullif(TG_ARGV[0], '');
    v_before  jsonb;
    v_after   jsonb;
BEGIN
    IF TG_NARGS > 1 THEN
        v_old := v_old - TG_ARGV[1:TG_NARGS - 1];
        v_new := v_new - TG_ARGV[1:TG_NARGS - 1];
    END IF;
    IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_object_agg(n.key, o.value), jsonb_object_agg(n.key, n.value)
        INTO v_before, v_after
        FROM jsonb_each(v_new) n
        JOIN jsonb_each(v_old) o ON o.key = n.key
        WHERE n.value IS DISTINCT FROM o.value;
        IF v_after IS NULL THEN
            RETURN NULL;
        END IF;
    ELSE
        v_before := v_old;
        v_after := v_new;
    END IF;
    INSERT INTO policy_changes (person_id, source, subject, operation, action_id, before, after)
    VALUES (
        nullif(current_setting('vigie.person_id', true), '')::integer,
        coalesce(nullif(current_setting('vigie.change_source', true), ''),
                 nullif(current_setting('application_name'), ''), 'sql'),
        TG_TABLE_NAME,
        lower(TG_OP),
        (coalesce(v_new, v_old) ->> v_action)::integer,
        v_before,
        v_after
    );
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION public.vigie_record_policy_change() IS 'Trigger: record a change to a policy table in policy_changes, with its author.';

CREATE FUNCTION public.vigie_resolve_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone DEFAULT now()) RETURNS TABLE(alert_id bigint, state text, changed boolean)
    LANGUAGE sql
    AS $$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'resolve', p_person_id, p_comment, p_at)
$$;

COMMENT ON FUNCTION public.vigie_resolve_alert(p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamp with time zone) IS 'open or acknowledged -> resolved by hand, with what was done.';

CREATE FUNCTION public.vigie_street_key(p_street text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(btrim(regexp_replace(p_street, '\s+'::text, ' '::text, 'g'::text)));

COMMENT ON FUNCTION public.vigie_street_key(p_street text) IS 'A street name as scopes compare it: its words, one space between them, lower case.';

CREATE FUNCTION public.vigie_territory_reporting(p_territory_id integer, p_kind text, p_periods double precision, p_at timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    WITH period AS (
        SELECT CASE p_kind
            WHEN 'light_point' THEN (
                SELECT min(lp.reporting_period_s)
                FROM light_points_current lp
                JOIN districts d ON d.id = lp.district_id
                JOIN communes c ON c.id = d.commune_id
                WHERE c.territory_id = p_territory_id AND lp.remote_controlled)
            WHEN 'cabinet' THEN (
                SELECT min(cc.reporting_period_s)
                FROM control_cabinets cc
                JOIN districts d ON d.id = cc.district_id
                JOIN communes c ON c.id = d.commune_id
                WHERE c.territory_id = p_territory_id AND cc.remote_controlled)
            WHEN 'meter' THEN (
                SELECT min(m.reporting_period_s)
                FROM meters m
                JOIN buildings b ON b.id = m.building_id
                JOIN communes c ON c.id = b.commune_id
                WHERE c.territory_id = p_territory_id
                  AND (m.removed_on IS NULL OR m.removed_on > p_at::date))
        END AS seconds
    ), since AS (
        SELECT p_at - make_interval(secs => p_periods * seconds) AS ts FROM period
    )
    SELECT EXISTS (
               SELECT 1
               FROM lamp_readings r
               JOIN light_points lp ON lp.id = r.light_point_id
               JOIN districts d ON d.id = lp.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
        OR EXISTS (
               SELECT 1
               FROM cabinet_readings r
               JOIN control_cabinets cc ON cc.id = r.cabinet_id
               JOIN districts d ON d.id = cc.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
        OR EXISTS (
               SELECT 1
               FROM meter_readings r
               JOIN meters m ON m.id = r.meter_id
               JOIN buildings b ON b.id = m.building_id
               JOIN communes c ON c.id = b.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
$$;

CREATE FUNCTION public.vigie_withdraw_adjustment(p_adjustment_id integer, p_action_id integer, p_person_id integer, p_reason text, p_at timestamp with time zone DEFAULT now()) RETURNS TABLE(adjustment_id integer, withdrawn_at timestamp with time zone, changed boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_at timestamptz;
BEGIN
    SELECT ea.withdrawn_at INTO v_at FROM effect_adjustments ea
    WHERE ea.id = p_adjustment_id AND ea.action_id = p_action_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF v_at IS NOT NULL THEN
        RETURN QUERY SELECT p_adjustment_id, v_at, false;
        RETURN;
    END IF;
    UPDATE effect_adjustments ea
    SET withdrawn_at = p_at, withdrawn_by = p_person_id,
        withdrawal_reason = nullif(btrim(p_reason), '')
    WHERE ea.id = p_adjustment_id;
    RETURN QUERY SELECT p_adjustment_id, p_at, true;
END
$$;

COMMENT ON FUNCTION public.vigie_withdraw_adjustment(p_adjustment_id integer, p_action_id integer, p_person_id integer, p_reason text, p_at timestamp with time zone) IS 'Withdraw an action''s adjustment, kept with who, when and why: changed is false when it already was; no row when there is no such one.';

CREATE FUNCTION reporting.decree_path_factor(reference_year integer, year integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN (year <= 2030) THEN ((1.0)::double precision - ((0.40)::double precision * GREATEST((0.0)::double precision, (((year - reference_year))::double precision / ((2030 - reference_year))::double precision)))) WHEN (year <= 2040) THEN ((1.0 - (0.40 + ((0.10 * ((year - 2030))::numeric) / 10.0))))::double precision WHEN (year <= 2050) THEN ((1.0 - (0.50 + ((0.10 * ((year - 2040))::numeric) / 10.0))))::double precision ELSE (0.40)::double precision END;

CREATE FUNCTION reporting.latest_lamp_readings(p_territory text, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS TABLE(light_point_id integer, ts timestamp with time zone, power_state text, power_w real, lamp_failure boolean, cycling_failure boolean, day_burner boolean)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public'
    AS $_$
    SELECT lp.id, l.ts, l.power_state, l.power_w, l.lamp_failure, l.cycling_failure,
           l.day_burner
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN lamp_latest l ON l.light_point_id = lp.id
    WHERE t.code = $1 AND c.territory_id = ANY (reporting.readable_territories())
      AND l.ts BETWEEN greatest($2, $3 - interval '2 days') AND $3
    UNION ALL
    SELECT lp.id, x.ts, x.power_state, x.power_w, x.lamp_failure, x.cycling_failure,
           x.day_burner
    FROM light_points lp
    JOIN districts d ON d.id = lp.district_id
    JOIN communes c ON c.id = d.commune_id
    JOIN territories t ON t.id = c.territory_id
    JOIN lamp_latest l ON l.light_point_id = lp.id
    CROSS JOIN LATERAL (
        SELECT r.ts, r.power_state, r.power_w, r.lamp_failure, r.cycling_failure, r.day_burner
        FROM lamp_readings r
        WHERE r.light_point_id = lp.id
          AND r.ts BETWEEN greatest($2, $3 - interval '2 days') AND $3
        ORDER BY r.ts DESC
        LIMIT 1
    ) x
    WHERE t.code = $1 AND c.territory_id = ANY (reporting.readable_territories())
      AND l.ts > $3
$_$;

CREATE FUNCTION reporting.readable_territories() RETURNS smallint[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public'
    AS $$
    SELECT CASE WHEN bool_or(s.member) THEN array_agg(s.territory_id) FILTER (WHERE s.member)
                ELSE (SELECT coalesce(array_agg(t.id), '{}') FROM territories t) END
    FROM (
        SELECT g.territory_id,
               NOT me.rolsuper AND pg_has_role(session_user, r.oid, 'MEMBER') AS member
        FROM grafana_territory_roles g
        JOIN pg_roles r ON r.rolname = g.role_name
        CROSS JOIN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) me
    ) s
$$;

CREATE FUNCTION reporting.whole_days_end(p_from timestamp with time zone, p_to timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN ((p_to - p_from) > '2 days'::interval) THEN date_trunc('day'::text, p_to, 'UTC'::text) ELSE 'infinity'::timestamp with time zone END;

CREATE FUNCTION reporting.whole_days_start(p_from timestamp with time zone, p_to timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN ((p_to - p_from) > '2 days'::interval) THEN (date_trunc('day'::text, (p_from - '00:00:00.000001'::interval), 'UTC'::text) + '1 day'::interval) ELSE 'infinity'::timestamp with time zone END;

CREATE TABLE public.action_scopes (
    id integer NOT NULL,
    action_id integer NOT NULL,
    role text DEFAULT 'treated'::text NOT NULL,
    district_id integer,
    cabinet_id integer,
    light_point_id integer,
    building_id integer,
    in_district_id integer,
    street text,
    existed_on date,
    area_id integer,
    CONSTRAINT action_scopes_district_selection CHECK (((in_district_id IS NULL) = ((street IS NULL) AND (existed_on IS NULL)))),
    CONSTRAINT action_scopes_one_kind CHECK ((num_nonnulls(district_id, cabinet_id, light_point_id, building_id, in_district_id, area_id) = 1)),
    CONSTRAINT action_scopes_role_check CHECK ((role = ANY (ARRAY['treated'::text, 'control'::text]))),
    CONSTRAINT action_scopes_street_check CHECK (((length(btrim(street)) >= 1) AND (length(btrim(street)) <= 200)))
);

CREATE TABLE public.communes (
    id integer NOT NULL,
    territory_id smallint NOT NULL,
    insee_code text NOT NULL,
    name text NOT NULL,
    CONSTRAINT communes_insee_code_check CHECK ((insee_code ~ '^[0-9][0-9AB][0-9]{3}$'::text))
);

CREATE TABLE public.districts (
    id integer NOT NULL,
    commune_id integer NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    lit_street_km double precision,
    outline jsonb,
    CONSTRAINT districts_lit_street_km_check CHECK ((lit_street_km > (0)::double precision)),
    CONSTRAINT districts_outline_check CHECK (((outline IS NULL) OR ((outline ->> 'type'::text) = ANY (ARRAY['Polygon'::text, 'MultiPolygon'::text]))))
);

CREATE TABLE public.light_point_equipment (
    light_point_id integer NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    technology text NOT NULL,
    nominal_power_w real NOT NULL,
    ballast_loss_pct real DEFAULT 0 NOT NULL,
    lantern_installed_on date,
    lamp_installed_on date,
    rated_life_h integer,
    controller_id text,
    remote_controlled boolean DEFAULT false NOT NULL,
    dimmable boolean DEFAULT false NOT NULL,
    CONSTRAINT light_point_equipment_ballast_loss_pct_check CHECK (((ballast_loss_pct >= (0)::double precision) AND (ballast_loss_pct <= (100)::double precision))),
    CONSTRAINT light_point_equipment_check CHECK (((valid_to IS NULL) OR (valid_to > valid_from))),
    CONSTRAINT light_point_equipment_check1 CHECK (((NOT remote_controlled) OR (controller_id IS NOT NULL))),
    CONSTRAINT light_point_equipment_nominal_power_w_check CHECK (((nominal_power_w > (0)::double precision) AND (nominal_power_w <= (2000)::double precision))),
    CONSTRAINT light_point_equipment_rated_life_h_check CHECK ((rated_life_h > 0)),
    CONSTRAINT light_point_equipment_technology_check CHECK ((technology = ANY (ARRAY['HPS'::text, 'LPS'::text, 'MH'::text, 'MV'::text, 'LED'::text])))
);

CREATE TABLE public.light_points (
    id integer NOT NULL,
    code text NOT NULL,
    district_id integer NOT NULL,
    cabinet_id integer,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    street text,
    reporting_period_s integer DEFAULT 600 NOT NULL,
    CONSTRAINT light_points_code_check CHECK ((code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
    CONSTRAINT light_points_latitude_check CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT light_points_longitude_check CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT light_points_reporting_period_s_check CHECK ((reporting_period_s > 0))
);

CREATE TABLE public.scope_areas (
    id integer NOT NULL,
    territory_id smallint NOT NULL,
    name text NOT NULL,
    geometry jsonb NOT NULL,
    rings polygon[] GENERATED ALWAYS AS (public.vigie_area_rings(geometry)) STORED,
    bounds box GENERATED ALWAYS AS (public.vigie_area_bounds(geometry)) STORED,
    CONSTRAINT scope_areas_geometry_check CHECK (((geometry ->> 'type'::text) = ANY (ARRAY['Polygon'::text, 'MultiPolygon'::text]))),
    CONSTRAINT scope_areas_name_check CHECK ((name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text))
);

CREATE VIEW public.action_scope_members AS
 SELECT s.id AS scope_id,
    s.action_id,
    s.role,
    lp.id AS light_point_id
   FROM (public.action_scopes s
     JOIN public.light_points lp ON ((lp.district_id = s.district_id)))
  WHERE (s.district_id IS NOT NULL)
UNION ALL
 SELECT s.id AS scope_id,
    s.action_id,
    s.role,
    lp.id AS light_point_id
   FROM (public.action_scopes s
     JOIN public.light_points lp ON ((lp.cabinet_id = s.cabinet_id)))
  WHERE (s.cabinet_id IS NOT NULL)
UNION ALL
 SELECT s.id AS scope_id,
    s.action_id,
    s.role,
    s.light_point_id
   FROM public.action_scopes s
  WHERE (s.light_point_id IS NOT NULL)
UNION ALL
 SELECT s.id AS scope_id,
    s.action_id,
    s.role,
    lp.id AS light_point_id
   FROM (public.action_scopes s
     JOIN public.light_points lp ON ((lp.district_id = s.in_district_id)))
  WHERE ((s.in_district_id IS NOT NULL) AND ((s.street IS NULL) OR (public.vigie_street_key(lp.street) = public.vigie_street_key(s.street))) AND ((s.existed_on IS NULL) OR (EXISTS ( SELECT 1
           FROM public.light_point_equipment e
          WHERE ((e.light_point_id = lp.id) AND (e.valid_from <= s.existed_on) AND ((e.valid_to IS NULL) OR (e.valid_to > s.existed_on)))))))
UNION ALL
 SELECT s.id AS scope_id,
    s.action_id,
    s.role,
    lp.id AS light_point_id
   FROM ((((public.action_scopes s
     JOIN public.scope_areas a ON ((a.id = s.area_id)))
     JOIN public.communes c ON ((c.territory_id = a.territory_id)))
     JOIN public.districts d ON ((d.commune_id = c.id)))
     JOIN public.light_points lp ON ((lp.district_id = d.id)))
  WHERE ((s.area_id IS NOT NULL) AND (a.bounds @> point(lp.longitude, lp.latitude)) AND public.vigie_in_area(a.rings, point(lp.longitude, lp.latitude)));

CREATE VIEW public.action_scope_light_points AS
 SELECT DISTINCT action_scope_members.action_id,
    action_scope_members.role,
    action_scope_members.light_point_id
   FROM public.action_scope_members;

CREATE VIEW public.action_scope_points AS
 SELECT action_scope_light_points.action_id,
    action_scope_light_points.role,
    action_scope_light_points.light_point_id
   FROM public.action_scope_light_points;

CREATE TABLE public.lamp_rollups_daily (
    light_point_id integer NOT NULL,
    day date NOT NULL,
    energy_wh double precision NOT NULL,
    coverage real NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lamp_rollups_daily_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision))),
    CONSTRAINT lamp_rollups_daily_energy_wh_check CHECK ((energy_wh >= (0)::double precision))
);

CREATE VIEW public.action_scope_rollups_daily AS
 SELECT p.action_id,
    p.role,
    r.day,
    (sum(r.energy_wh) / (1000.0)::double precision) AS energy_kwh,
    (sum(r.coverage) / (max(n.points))::double precision) AS coverage
   FROM ((public.action_scope_points p
     JOIN public.lamp_rollups_daily r ON ((r.light_point_id = p.light_point_id)))
     JOIN ( SELECT action_scope_points.action_id,
            action_scope_points.role,
            count(*) AS points
           FROM public.action_scope_points
          GROUP BY action_scope_points.action_id, action_scope_points.role) n ON (((n.action_id = p.action_id) AND (n.role = p.role))))
  GROUP BY p.action_id, p.role, r.day;

ALTER TABLE public.action_scopes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.action_scopes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.actions (
    id integer NOT NULL,
    mission_id integer NOT NULL,
    code text NOT NULL,
    title text NOT NULL,
    description text,
    status text DEFAULT 'planned'::text NOT NULL,
    term text,
    pilot_id integer,
    planned_start date,
    planned_end date,
    actual_start date,
    actual_end date,
    projected_saving_pct real,
    projected_saving_kwh_per_year double precision,
    saving_commitment text,
    CONSTRAINT actions_check CHECK (((planned_end IS NULL) OR (planned_start IS NULL) OR (planned_end >= planned_start))),
    CONSTRAINT actions_check1 CHECK (((actual_end IS NULL) OR (actual_start IS NULL) OR (actual_end >= actual_start))),
    CONSTRAINT actions_check2 CHECK (((saving_commitment IS NULL) OR (projected_saving_pct IS NOT NULL) OR (projected_saving_kwh_per_year IS NOT NULL))),
    CONSTRAINT actions_projected_saving_kwh_per_year_check CHECK ((projected_saving_kwh_per_year >= (0)::double precision)),
    CONSTRAINT actions_projected_saving_pct_check CHECK (((projected_saving_pct >= ('-100'::integer)::double precision) AND (projected_saving_pct <= (100)::double precision))),
    CONSTRAINT actions_saving_commitment_check CHECK ((saving_commitment = ANY (ARRAY['projected'::text, 'guaranteed'::text]))),
    CONSTRAINT actions_status_check CHECK ((status = ANY (ARRAY['planned'::text, 'in_progress'::text, 'done'::text, 'suspended'::text, 'cancelled'::text]))),
    CONSTRAINT actions_term_check CHECK ((term = ANY (ARRAY['short'::text, 'medium'::text, 'long'::text])))
);

ALTER TABLE public.actions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.actions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.activity_reports (
    number integer NOT NULL,
    territory_id smallint NOT NULL,
    subject_kind text NOT NULL,
    subject_code text NOT NULL,
    title text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    data_version jsonb NOT NULL,
    created_by integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    html text NOT NULL,
    pdf bytea NOT NULL,
    pdf_sha256 text NOT NULL,
    CONSTRAINT activity_reports_check CHECK ((period_end >= period_start)),
    CONSTRAINT activity_reports_data_version_check CHECK ((jsonb_typeof(data_version) = 'object'::text)),
    CONSTRAINT activity_reports_pdf_sha256_check CHECK ((pdf_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT activity_reports_subject_kind_check CHECK ((subject_kind = ANY (ARRAY['policy'::text, 'mission'::text, 'action'::text])))
);

ALTER TABLE public.activity_reports ALTER COLUMN number ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.activity_reports_number_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.aggregation_cursors (
    name text NOT NULL,
    committed_at timestamp with time zone NOT NULL,
    recent_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.alert_events (
    id bigint NOT NULL,
    alert_id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    kind text NOT NULL,
    person_id integer,
    comment text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT alert_events_kind_check CHECK ((kind = ANY (ARRAY['opened'::text, 'acknowledged'::text, 'resolved'::text, 'closed'::text, 'escalated'::text, 'notified'::text])))
);

ALTER TABLE public.alert_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alert_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.alert_recipients (
    territory_id smallint NOT NULL,
    subject_kind text NOT NULL,
    person_id integer NOT NULL,
    CONSTRAINT alert_recipients_subject_kind_check CHECK ((subject_kind = ANY (ARRAY['light_point'::text, 'cabinet'::text, 'meter'::text, 'building'::text, 'district'::text, 'action'::text, 'fleet'::text])))
);

CREATE TABLE public.alerts (
    id bigint NOT NULL,
    territory_id smallint NOT NULL,
    rule_id text NOT NULL,
    domain text NOT NULL,
    subject_kind text NOT NULL,
    subject_id integer NOT NULL,
    severity text NOT NULL,
    state text DEFAULT 'open'::text NOT NULL,
    summary text NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    group_key text NOT NULL,
    first_seen timestamp with time zone DEFAULT now() NOT NULL,
    last_seen timestamp with time zone DEFAULT now() NOT NULL,
    occurrences integer DEFAULT 1 NOT NULL,
    clear_streak smallint DEFAULT 0 NOT NULL,
    routed_to integer,
    routed_via text,
    action_id integer,
    acknowledged_by integer,
    acknowledged_at timestamp with time zone,
    resolved_by integer,
    resolved_at timestamp with time zone,
    closed_at timestamp with time zone,
    comment text,
    escalated_to integer,
    escalated_at timestamp with time zone,
    grouped_in bigint,
    CONSTRAINT alerts_check CHECK (((state = 'open'::text) OR (state = 'resolved'::text) OR (state = 'closed'::text) OR (acknowledged_at IS NOT NULL))),
    CONSTRAINT alerts_check1 CHECK (((state <> ALL (ARRAY['resolved'::text, 'closed'::text])) OR (resolved_at IS NOT NULL))),
    CONSTRAINT alerts_check2 CHECK (((state <> 'closed'::text) OR (closed_at IS NOT NULL))),
    CONSTRAINT alerts_clear_streak_check CHECK ((clear_streak >= 0)),
    CONSTRAINT alerts_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT alerts_domain_check CHECK ((domain = ANY (ARRAY['lighting'::text, 'buildings'::text]))),
    CONSTRAINT alerts_occurrences_check CHECK ((occurrences >= 1)),
    CONSTRAINT alerts_routed_via_check CHECK ((routed_via = ANY (ARRAY['action_pilot'::text, 'department'::text, 'mission_lead'::text]))),
    CONSTRAINT alerts_severity_check CHECK ((severity = ANY (ARRAY['informational'::text, 'low'::text, 'medium'::text, 'high'::text, 'critical'::text]))),
    CONSTRAINT alerts_state_check CHECK ((state = ANY (ARRAY['open'::text, 'acknowledged'::text, 'resolved'::text, 'closed'::text]))),
    CONSTRAINT alerts_subject_kind_check CHECK ((subject_kind = ANY (ARRAY['light_point'::text, 'cabinet'::text, 'meter'::text, 'building'::text, 'district'::text, 'action'::text, 'fleet'::text])))
);

CREATE TABLE public.buildings (
    id integer NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    category text NOT NULL,
    commune_id integer NOT NULL,
    district_id integer,
    floor_area_m2 double precision NOT NULL,
    latitude double precision,
    longitude double precision,
    tertiary_decree boolean DEFAULT false NOT NULL,
    reference_year smallint,
    reference_consumption_kwh double precision,
    reference_dju real,
    CONSTRAINT buildings_category_check CHECK ((category = ANY (ARRAY['school'::text, 'nursery'::text, 'office'::text, 'sports'::text, 'culture'::text, 'social'::text, 'technical'::text, 'other'::text]))),
    CONSTRAINT buildings_check CHECK (((NOT tertiary_decree) OR ((reference_year IS NOT NULL) AND (reference_consumption_kwh IS NOT NULL)))),
    CONSTRAINT buildings_floor_area_m2_check CHECK ((floor_area_m2 > (0)::double precision)),
    CONSTRAINT buildings_latitude_check CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT buildings_longitude_check CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT buildings_reference_consumption_kwh_check CHECK ((reference_consumption_kwh >= (0)::double precision)),
    CONSTRAINT buildings_reference_dju_check CHECK ((reference_dju > (0)::double precision)),
    CONSTRAINT buildings_reference_year_check CHECK (((reference_year >= 2010) AND (reference_year <= 2020)))
);

CREATE TABLE public.control_cabinets (
    id integer NOT NULL,
    code text NOT NULL,
    district_id integer NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    remote_controlled boolean DEFAULT false NOT NULL,
    reporting_period_s integer DEFAULT 600 NOT NULL,
    meter_code text,
    meter_register_max_kwh double precision,
    CONSTRAINT control_cabinets_check CHECK (((meter_register_max_kwh IS NULL) OR (meter_code IS NOT NULL))),
    CONSTRAINT control_cabinets_latitude_check CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT control_cabinets_longitude_check CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT control_cabinets_meter_code_check CHECK ((meter_code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
    CONSTRAINT control_cabinets_meter_register_max_kwh_check CHECK ((meter_register_max_kwh > (0)::double precision)),
    CONSTRAINT control_cabinets_reporting_period_s_check CHECK ((reporting_period_s > 0))
);

CREATE TABLE public.meters (
    id integer NOT NULL,
    code text NOT NULL,
    building_id integer NOT NULL,
    quantity text NOT NULL,
    unit text NOT NULL,
    reading_kind text NOT NULL,
    register_max double precision,
    reporting_period_s integer DEFAULT 900 NOT NULL,
    installed_on date,
    removed_on date,
    CONSTRAINT meters_check CHECK (((removed_on IS NULL) OR (installed_on IS NULL) OR (removed_on > installed_on))),
    CONSTRAINT meters_check1 CHECK (((quantity = 'indoor_temperature'::text) = (unit = 'degC'::text))),
    CONSTRAINT meters_check2 CHECK (((quantity = 'indoor_temperature'::text) = (reading_kind = 'instant'::text))),
    CONSTRAINT meters_code_check CHECK ((code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
    CONSTRAINT meters_quantity_check CHECK ((quantity = ANY (ARRAY['electricity'::text, 'gas'::text, 'heat'::text, 'water'::text, 'indoor_temperature'::text]))),
    CONSTRAINT meters_reading_kind_check CHECK ((reading_kind = ANY (ARRAY['cumulative'::text, 'interval'::text, 'instant'::text]))),
    CONSTRAINT meters_register_max_check CHECK ((register_max > (0)::double precision)),
    CONSTRAINT meters_reporting_period_s_check CHECK ((reporting_period_s > 0)),
    CONSTRAINT meters_unit_check CHECK ((unit = ANY (ARRAY['kWh'::text, 'Wh'::text, 'm3'::text, 'L'::text, 'degC'::text])))
);

CREATE VIEW public.alert_subjects AS
 SELECT a.id AS alert_id,
    s.code,
    s.district_id
   FROM (public.alerts a
     CROSS JOIN LATERAL ( SELECT lp.code,
            lp.district_id
           FROM public.light_points lp
          WHERE ((a.subject_kind = 'light_point'::text) AND (lp.id = a.subject_id))
        UNION ALL
         SELECT cc.code,
            cc.district_id
           FROM public.control_cabinets cc
          WHERE ((a.subject_kind = 'cabinet'::text) AND (cc.id = a.subject_id))
        UNION ALL
         SELECT mt.code,
            b.district_id
           FROM (public.meters mt
             JOIN public.buildings b ON ((b.id = mt.building_id)))
          WHERE ((a.subject_kind = 'meter'::text) AND (mt.id = a.subject_id))
        UNION ALL
         SELECT b.code,
            b.district_id
           FROM public.buildings b
          WHERE ((a.subject_kind = 'building'::text) AND (b.id = a.subject_id))
        UNION ALL
         SELECT dd.code,
            dd.id
           FROM public.districts dd
          WHERE ((a.subject_kind = 'district'::text) AND (dd.id = a.subject_id))
        UNION ALL
         SELECT x.code,
            NULL::integer
           FROM public.actions x
          WHERE ((a.subject_kind = 'action'::text) AND (x.id = a.subject_id))) s);

ALTER TABLE public.alerts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alerts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.analyses (
    id integer NOT NULL,
    mission_id integer,
    action_id integer,
    kind text NOT NULL,
    written_on date NOT NULL,
    author_id integer,
    body text NOT NULL,
    window_start date,
    window_end date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT analyses_body_check CHECK ((length(body) > 0)),
    CONSTRAINT analyses_check CHECK ((num_nonnulls(mission_id, action_id) = 1)),
    CONSTRAINT analyses_check1 CHECK (((window_end IS NULL) OR (window_start IS NULL) OR (window_end >= window_start))),
    CONSTRAINT analyses_kind_check CHECK ((kind = ANY (ARRAY['analysis'::text, 'recommendation'::text])))
);

ALTER TABLE public.analyses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.analyses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.api_tokens (
    id integer NOT NULL,
    token_sha256 text NOT NULL,
    prefix text NOT NULL,
    role text NOT NULL,
    person_id integer,
    label text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    CONSTRAINT api_tokens_check CHECK (((role <> 'pilot'::text) OR (person_id IS NOT NULL))),
    CONSTRAINT api_tokens_expiry_check CHECK (((expires_at IS NULL) OR (expires_at > created_at))),
    CONSTRAINT api_tokens_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'pilot'::text, 'evaluator'::text, 'viewer'::text]))),
    CONSTRAINT api_tokens_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE public.api_tokens ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE VIEW public.asset_territories AS
 SELECT 'lamp'::text AS kind,
    lp.id AS asset_id,
    c.territory_id
   FROM ((public.light_points lp
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
UNION ALL
 SELECT 'cabinet'::text AS kind,
    cc.id AS asset_id,
    c.territory_id
   FROM ((public.control_cabinets cc
     JOIN public.districts d ON ((d.id = cc.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
UNION ALL
 SELECT 'meter'::text AS kind,
    m.id AS asset_id,
    c.territory_id
   FROM ((public.meters m
     JOIN public.buildings b ON ((b.id = m.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)));

CREATE TABLE public.attached_files (
    id bigint NOT NULL,
    action_id integer,
    mission_id integer,
    name text NOT NULL,
    description text,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 text NOT NULL,
    content bytea,
    stored_as text,
    uploaded_by integer,
    uploaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT attached_files_check CHECK ((num_nonnulls(action_id, mission_id) = 1)),
    CONSTRAINT attached_files_check1 CHECK ((num_nonnulls(content, stored_as) = 1)),
    CONSTRAINT attached_files_check2 CHECK (((content IS NULL) OR (octet_length(content) = size_bytes))),
    CONSTRAINT attached_files_description_check CHECK ((length(description) <= 500)),
    CONSTRAINT attached_files_name_check CHECK (((length(name) >= 1) AND (length(name) <= 255))),
    CONSTRAINT attached_files_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT attached_files_size_bytes_check CHECK ((size_bytes > 0)),
    CONSTRAINT attached_files_stored_as_check CHECK ((stored_as ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE public.attached_files ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.attached_files_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.budget_lines (
    id integer NOT NULL,
    mission_id integer NOT NULL,
    action_id integer,
    year smallint NOT NULL,
    planned_eur numeric(14,2) DEFAULT 0 NOT NULL,
    committed_eur numeric(14,2) DEFAULT 0 NOT NULL,
    spent_eur numeric(14,2) DEFAULT 0 NOT NULL,
    CONSTRAINT budget_lines_committed_eur_check CHECK ((committed_eur >= (0)::numeric)),
    CONSTRAINT budget_lines_planned_eur_check CHECK ((planned_eur >= (0)::numeric)),
    CONSTRAINT budget_lines_spent_eur_check CHECK ((spent_eur >= (0)::numeric)),
    CONSTRAINT budget_lines_year_check CHECK (((year >= 2000) AND (year <= 2100)))
);

ALTER TABLE public.budget_lines ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.budget_lines_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.meter_consumption_daily (
    meter_id integer NOT NULL,
    day date NOT NULL,
    value double precision NOT NULL,
    coverage real NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT meter_consumption_daily_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision)))
);

CREATE VIEW public.building_consumption_daily AS
 SELECT m.building_id,
    m.quantity,
    c.day,
    sum((c.value * (
        CASE m.unit
            WHEN 'Wh'::text THEN 0.001
            ELSE 1.0
        END)::double precision)) AS energy_kwh,
    avg(c.coverage) AS coverage
   FROM (public.meter_consumption_daily c
     JOIN public.meters m ON ((m.id = c.meter_id)))
  WHERE ((m.quantity = ANY (ARRAY['electricity'::text, 'gas'::text, 'heat'::text])) AND (m.unit = ANY (ARRAY['kWh'::text, 'Wh'::text])))
  GROUP BY m.building_id, m.quantity, c.day;

CREATE TABLE public.building_daily (
    building_id integer NOT NULL,
    day_start timestamp with time zone NOT NULL,
    electricity_kwh double precision DEFAULT 0 NOT NULL,
    out_of_hours_kwh double precision DEFAULT 0 NOT NULL,
    electricity_hours integer DEFAULT 0 NOT NULL,
    electricity_covered_h double precision DEFAULT 0 NOT NULL,
    temperature_hours integer DEFAULT 0 NOT NULL,
    occupied_hours_above_19 integer DEFAULT 0 NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    temperature_sum double precision DEFAULT 0 NOT NULL,
    CONSTRAINT building_daily_day_start_check CHECK ((day_start = date_trunc('day'::text, day_start, 'UTC'::text))),
    CONSTRAINT building_daily_electricity_covered_h_check CHECK ((electricity_covered_h >= (0)::double precision)),
    CONSTRAINT building_daily_electricity_hours_check CHECK ((electricity_hours >= 0)),
    CONSTRAINT building_daily_occupied_hours_above_19_check CHECK ((occupied_hours_above_19 >= 0)),
    CONSTRAINT building_daily_temperature_hours_check CHECK ((temperature_hours >= 0))
);

ALTER TABLE public.buildings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.buildings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.lamp_rollups_hourly (
    light_point_id integer NOT NULL,
    hour_start timestamp with time zone NOT NULL,
    energy_wh double precision NOT NULL,
    coverage real NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lamp_rollups_hourly_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision))),
    CONSTRAINT lamp_rollups_hourly_energy_wh_check CHECK ((energy_wh >= (0)::double precision))
);

CREATE VIEW public.cabinet_lamp_rollups_hourly AS
 SELECT lp.cabinet_id,
    r.hour_start,
    (sum(r.energy_wh) / (1000.0)::double precision) AS energy_kwh,
    (sum(r.coverage) / (max(n.points))::double precision) AS coverage
   FROM ((public.lamp_rollups_hourly r
     JOIN public.light_points lp ON ((lp.id = r.light_point_id)))
     JOIN ( SELECT light_points.cabinet_id,
            count(*) AS points
           FROM public.light_points
          GROUP BY light_points.cabinet_id) n ON ((n.cabinet_id = lp.cabinet_id)))
  GROUP BY lp.cabinet_id, r.hour_start;

CREATE TABLE public.cabinet_readings (
    cabinet_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    energy_kwh double precision,
    active_power_w real,
    voltage_v real,
    power_factor real,
    CONSTRAINT cabinet_readings_active_power_w_check CHECK ((active_power_w >= (0)::double precision)),
    CONSTRAINT cabinet_readings_energy_kwh_check CHECK ((energy_kwh >= (0)::double precision)),
    CONSTRAINT cabinet_readings_power_factor_check CHECK (((power_factor >= (0)::double precision) AND (power_factor <= (1)::double precision))),
    CONSTRAINT cabinet_readings_voltage_v_check CHECK ((voltage_v >= (0)::double precision))
)
PARTITION BY RANGE (ts);

CREATE TABLE public.cabinet_readings_default (
    cabinet_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    energy_kwh double precision,
    active_power_w real,
    voltage_v real,
    power_factor real,
    CONSTRAINT cabinet_readings_active_power_w_check CHECK ((active_power_w >= (0)::double precision)),
    CONSTRAINT cabinet_readings_energy_kwh_check CHECK ((energy_kwh >= (0)::double precision)),
    CONSTRAINT cabinet_readings_power_factor_check CHECK (((power_factor >= (0)::double precision) AND (power_factor <= (1)::double precision))),
    CONSTRAINT cabinet_readings_voltage_v_check CHECK ((voltage_v >= (0)::double precision))
);

CREATE TABLE public.cabinet_rollups_daily (
    cabinet_id integer NOT NULL,
    day date NOT NULL,
    energy_kwh double precision NOT NULL,
    coverage real NOT NULL,
    on_hours real,
    on_coverage real DEFAULT 0 NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cabinet_rollups_daily_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision))),
    CONSTRAINT cabinet_rollups_daily_energy_kwh_check CHECK ((energy_kwh >= (0)::double precision)),
    CONSTRAINT cabinet_rollups_daily_on_coverage_check CHECK (((on_coverage >= (0)::double precision) AND (on_coverage <= (1)::double precision))),
    CONSTRAINT cabinet_rollups_daily_on_hours_check CHECK (((on_hours >= (0)::double precision) AND (on_hours <= (25)::double precision)))
);

CREATE TABLE public.cabinet_rollups_hourly (
    cabinet_id integer NOT NULL,
    hour_start timestamp with time zone NOT NULL,
    energy_kwh double precision NOT NULL,
    coverage real NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cabinet_rollups_hourly_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision))),
    CONSTRAINT cabinet_rollups_hourly_energy_kwh_check CHECK ((energy_kwh >= (0)::double precision))
);

ALTER TABLE public.communes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.communes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.control_cabinets ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.control_cabinets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.dead_letters (
    id bigint NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    topic text NOT NULL,
    payload bytea NOT NULL,
    error_kind text NOT NULL,
    reason text NOT NULL,
    collector text,
    replayed_at timestamp with time zone,
    replay_count integer DEFAULT 0 NOT NULL,
    payload_bytes integer,
    payload_sha256 text,
    CONSTRAINT dead_letters_payload_bytes_check CHECK ((payload_bytes >= 0)),
    CONSTRAINT dead_letters_payload_sha256_check CHECK ((payload_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT dead_letters_prefix_check CHECK (((payload_bytes IS NULL) OR (octet_length(payload) <= payload_bytes)))
);

ALTER TABLE public.dead_letters ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.dead_letters_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.device_sequences (
    kind text NOT NULL,
    device_id integer NOT NULL,
    last_seq bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT device_sequences_kind_check CHECK ((kind = ANY (ARRAY['lamp'::text, 'cabinet'::text, 'meter'::text]))),
    CONSTRAINT device_sequences_last_seq_check CHECK ((last_seq >= 0))
);

CREATE TABLE public.district_lamp_daily (
    district_id integer NOT NULL,
    day date NOT NULL,
    energy_wh double precision NOT NULL,
    covered_point_days double precision NOT NULL,
    points integer NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT district_lamp_daily_covered_point_days_check CHECK ((covered_point_days >= (0)::double precision)),
    CONSTRAINT district_lamp_daily_energy_wh_check CHECK ((energy_wh >= (0)::double precision)),
    CONSTRAINT district_lamp_daily_points_check CHECK ((points >= 0))
);

CREATE TABLE public.district_lamp_hourly (
    district_id integer NOT NULL,
    hour_start timestamp with time zone NOT NULL,
    energy_wh double precision NOT NULL,
    covered_point_hours double precision NOT NULL,
    points integer NOT NULL,
    failing_points integer DEFAULT 0 NOT NULL,
    day_burner_points integer DEFAULT 0 NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT district_lamp_hourly_covered_point_hours_check CHECK ((covered_point_hours >= (0)::double precision)),
    CONSTRAINT district_lamp_hourly_day_burner_points_check CHECK ((day_burner_points >= 0)),
    CONSTRAINT district_lamp_hourly_energy_wh_check CHECK ((energy_wh >= (0)::double precision)),
    CONSTRAINT district_lamp_hourly_failing_points_check CHECK ((failing_points >= 0)),
    CONSTRAINT district_lamp_hourly_points_check CHECK ((points >= 0))
);

CREATE VIEW public.district_rollups_daily AS
 SELECT r.district_id,
    r.day,
    (r.energy_wh / (1000.0)::double precision) AS energy_kwh,
    (r.covered_point_days / (n.points)::double precision) AS coverage
   FROM (public.district_lamp_daily r
     JOIN ( SELECT light_points.district_id,
            count(*) AS points
           FROM public.light_points
          GROUP BY light_points.district_id) n ON ((n.district_id = r.district_id)));

CREATE VIEW public.district_rollups_monthly AS
 SELECT district_rollups_daily.district_id,
    (date_trunc('month'::text, (district_rollups_daily.day)::timestamp with time zone))::date AS month,
    sum(district_rollups_daily.energy_kwh) AS energy_kwh,
    (sum(district_rollups_daily.coverage) / (max(EXTRACT(day FROM ((date_trunc('month'::text, (district_rollups_daily.day)::timestamp with time zone) + '1 mon'::interval) - '1 day'::interval))))::double precision) AS coverage
   FROM public.district_rollups_daily
  GROUP BY district_rollups_daily.district_id, (date_trunc('month'::text, (district_rollups_daily.day)::timestamp with time zone));

ALTER TABLE public.districts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.districts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.effect_adjustments (
    id integer NOT NULL,
    action_id integer NOT NULL,
    kind text NOT NULL,
    starts_on date NOT NULL,
    ends_on date,
    kwh_per_year double precision NOT NULL,
    district_id integer,
    cabinet_id integer,
    light_point_id integer,
    building_id integer,
    reason text NOT NULL,
    recorded_by integer,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    withdrawn_at timestamp with time zone,
    withdrawn_by integer,
    withdrawal_reason text,
    CONSTRAINT effect_adjustments_check CHECK (((ends_on IS NULL) OR (ends_on > starts_on))),
    CONSTRAINT effect_adjustments_check1 CHECK ((num_nonnulls(district_id, cabinet_id, light_point_id, building_id) <= 1)),
    CONSTRAINT effect_adjustments_check2 CHECK (((withdrawn_at IS NOT NULL) OR ((withdrawn_by IS NULL) AND (withdrawal_reason IS NULL)))),
    CONSTRAINT effect_adjustments_kind_check CHECK ((kind = ANY (ARRAY['points_added'::text, 'points_removed'::text, 'switch_off_policy'::text, 'floor_area'::text, 'occupancy'::text, 'other'::text]))),
    CONSTRAINT effect_adjustments_kwh_per_year_check CHECK (((kwh_per_year <> 'NaN'::double precision) AND (abs(kwh_per_year) < ('1000000000000'::numeric)::double precision))),
    CONSTRAINT effect_adjustments_reason_check CHECK ((length(btrim(reason)) > 0)),
    CONSTRAINT effect_adjustments_withdrawal_reason_check CHECK ((length(btrim(withdrawal_reason)) > 0))
);

CREATE TABLE public.missions (
    id integer NOT NULL,
    policy_id integer NOT NULL,
    code text NOT NULL,
    title text NOT NULL,
    domain text,
    lead_id integer,
    CONSTRAINT missions_domain_check CHECK ((domain = ANY (ARRAY['information_system'::text, 'operations_centre'::text, 'lighting'::text, 'buildings'::text, 'green_spaces'::text, 'waste'::text])))
);

CREATE TABLE public.people (
    id integer NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    department text,
    CONSTRAINT people_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text))
);

CREATE TABLE public.policies (
    id integer NOT NULL,
    territory_id smallint NOT NULL,
    code text NOT NULL,
    title text NOT NULL,
    ambition text
);

CREATE VIEW public.effect_adjustment_log AS
 SELECT ea.id,
    ea.action_id,
    a.code AS action_code,
    po.territory_id,
    ea.kind,
    ea.starts_on,
    ea.ends_on,
    ea.kwh_per_year,
        CASE
            WHEN (ea.district_id IS NOT NULL) THEN 'district'::text
            WHEN (ea.cabinet_id IS NOT NULL) THEN 'cabinet'::text
            WHEN (ea.light_point_id IS NOT NULL) THEN 'light_point'::text
            WHEN (ea.building_id IS NOT NULL) THEN 'building'::text
            ELSE NULL::text
        END AS asset_kind,
    COALESCE(d.code, cc.code, lp.code, b.code) AS asset_code,
    ea.reason,
    ea.recorded_by,
    rp.name AS recorded_by_name,
    ea.recorded_at,
    ea.withdrawn_at,
    ea.withdrawn_by,
    wp.name AS withdrawn_by_name,
    ea.withdrawal_reason
   FROM (((((((((public.effect_adjustments ea
     JOIN public.actions a ON ((a.id = ea.action_id)))
     JOIN public.missions m ON ((m.id = a.mission_id)))
     JOIN public.policies po ON ((po.id = m.policy_id)))
     LEFT JOIN public.districts d ON ((d.id = ea.district_id)))
     LEFT JOIN public.control_cabinets cc ON ((cc.id = ea.cabinet_id)))
     LEFT JOIN public.light_points lp ON ((lp.id = ea.light_point_id)))
     LEFT JOIN public.buildings b ON ((b.id = ea.building_id)))
     LEFT JOIN public.people rp ON ((rp.id = ea.recorded_by)))
     LEFT JOIN public.people wp ON ((wp.id = ea.withdrawn_by)));

COMMENT ON VIEW public.effect_adjustment_log IS 'Every recorded non-routine adjustment with its action, territory, asset and the people who recorded and withdrew it.';

ALTER TABLE public.effect_adjustments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.effect_adjustments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.effects (
    id bigint NOT NULL,
    action_id integer NOT NULL,
    method text NOT NULL,
    method_version text NOT NULL,
    baseline_start date NOT NULL,
    baseline_end date NOT NULL,
    reporting_start date NOT NULL,
    reporting_end date NOT NULL,
    counterfactual_kwh double precision,
    actual_kwh double precision,
    saved_kwh double precision,
    saved_kwh_low double precision,
    saved_kwh_high double precision,
    saved_pct double precision,
    saved_pct_low double precision,
    saved_pct_high double precision,
    coverage_baseline real NOT NULL,
    coverage_reporting real NOT NULL,
    sufficient boolean NOT NULL,
    warnings text[] DEFAULT '{}'::text[] NOT NULL,
    fit jsonb DEFAULT '{}'::jsonb NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    boundary text,
    ipmvp_option text,
    deemed boolean DEFAULT false NOT NULL,
    measured text[] DEFAULT '{}'::text[] NOT NULL,
    stipulated text[] DEFAULT '{}'::text[] NOT NULL,
    parameters jsonb DEFAULT '{}'::jsonb NOT NULL,
    adjustments jsonb DEFAULT '[]'::jsonb NOT NULL,
    adjustments_kwh double precision DEFAULT 0 NOT NULL,
    annual_saved_kwh double precision,
    annual_saved_kwh_low double precision,
    annual_saved_kwh_high double precision,
    reliable boolean DEFAULT true NOT NULL,
    headline boolean DEFAULT false NOT NULL,
    CONSTRAINT effects_adjustments_check CHECK ((jsonb_typeof(adjustments) = 'array'::text)),
    CONSTRAINT effects_boundary_check CHECK ((boundary = ANY (ARRAY['cabinet_meters'::text, 'point_controllers'::text, 'control_group'::text, 'equipment_nameplate'::text, 'building_meters'::text]))),
    CONSTRAINT effects_check1 CHECK ((baseline_end <= reporting_start)),
    CONSTRAINT effects_coverage_baseline_check CHECK (((coverage_baseline >= (0)::double precision) AND (coverage_baseline <= (1)::double precision))),
    CONSTRAINT effects_coverage_reporting_check CHECK (((coverage_reporting >= (0)::double precision) AND (coverage_reporting <= (1)::double precision))),
    CONSTRAINT effects_fit_check CHECK ((jsonb_typeof(fit) = 'object'::text)),
    CONSTRAINT effects_ipmvp_option_check CHECK ((ipmvp_option = ANY (ARRAY['A'::text, 'B'::text, 'C'::text, 'D'::text]))),
    CONSTRAINT effects_parameters_check CHECK ((jsonb_typeof(parameters) = 'object'::text)),
    CONSTRAINT effects_periods_check CHECK (((baseline_end > baseline_start) AND (reporting_end >= reporting_start)))
);

ALTER TABLE public.effects ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.effects_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE VIEW public.effects_latest AS
 SELECT DISTINCT ON (e.action_id, e.method) e.id,
    e.action_id,
    e.method,
    e.method_version,
    e.baseline_start,
    e.baseline_end,
    e.reporting_start,
    e.reporting_end,
    e.counterfactual_kwh,
    e.actual_kwh,
    e.saved_kwh,
    e.saved_kwh_low,
    e.saved_kwh_high,
    e.saved_pct,
    e.saved_pct_low,
    e.saved_pct_high,
    e.coverage_baseline,
    e.coverage_reporting,
    e.sufficient,
    e.warnings,
    e.fit,
    e.computed_at,
    e.boundary,
    e.ipmvp_option,
    e.deemed,
    e.measured,
    e.stipulated,
    e.parameters,
    e.adjustments,
    e.adjustments_kwh,
    e.annual_saved_kwh,
    e.annual_saved_kwh_low,
    e.annual_saved_kwh_high,
    e.reliable,
    e.headline
   FROM public.effects e
  WHERE (e.reporting_end = ( SELECT max(x.reporting_end) AS max
           FROM public.effects x
          WHERE (x.action_id = e.action_id)))
  ORDER BY e.action_id, e.method, e.reporting_end DESC, e.computed_at DESC, e.id DESC;

CREATE TABLE public.grafana_territory_roles (
    role_name name NOT NULL,
    territory_id smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

COMMENT ON TABLE public.grafana_territory_roles IS 'Group roles that restrict a Grafana login to territories (see reporting.readable_territories).';

CREATE TABLE public.indicator_runs (
    id bigint NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    period text NOT NULL,
    period_from date NOT NULL,
    period_to date NOT NULL,
    indicators integer DEFAULT 0 NOT NULL,
    values_written integer DEFAULT 0 NOT NULL,
    CONSTRAINT indicator_runs_period_check CHECK ((period = ANY (ARRAY['day'::text, 'month'::text, 'year'::text])))
);

ALTER TABLE public.indicator_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.indicator_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.indicator_targets (
    indicator_id integer NOT NULL,
    target_on date NOT NULL,
    value double precision NOT NULL
);

CREATE TABLE public.indicator_values (
    indicator_id integer NOT NULL,
    period text NOT NULL,
    period_start date NOT NULL,
    value double precision NOT NULL,
    source text NOT NULL,
    method text,
    method_version text,
    coverage real,
    warnings text[] DEFAULT '{}'::text[] NOT NULL,
    entered_by integer,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    run_id bigint,
    value_low double precision,
    value_high double precision,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT indicator_values_check CHECK (((source = 'manual'::text) OR (method IS NOT NULL))),
    CONSTRAINT indicator_values_check1 CHECK (((value_low IS NULL) OR (value_low <= value))),
    CONSTRAINT indicator_values_check2 CHECK (((value_high IS NULL) OR (value_high >= value))),
    CONSTRAINT indicator_values_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision))),
    CONSTRAINT indicator_values_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT indicator_values_period_check CHECK ((period = ANY (ARRAY['day'::text, 'month'::text, 'year'::text]))),
    CONSTRAINT indicator_values_source_check CHECK ((source = ANY (ARRAY['computed'::text, 'manual'::text]))),
    CONSTRAINT indicator_values_value_check CHECK ((value <> 'NaN'::double precision))
);

CREATE TABLE public.indicators (
    id integer NOT NULL,
    code text NOT NULL,
    title text NOT NULL,
    description text,
    kind text NOT NULL,
    unit text NOT NULL,
    direction text NOT NULL,
    policy_id integer,
    mission_id integer,
    action_id integer,
    computation text,
    parameters jsonb DEFAULT '{}'::jsonb NOT NULL,
    baseline_value double precision,
    baseline_on date,
    CONSTRAINT indicators_check CHECK ((num_nonnulls(policy_id, mission_id, action_id) = 1)),
    CONSTRAINT indicators_direction_check CHECK ((direction = ANY (ARRAY['increase'::text, 'decrease'::text]))),
    CONSTRAINT indicators_kind_check CHECK ((kind = ANY (ARRAY['means'::text, 'activity'::text, 'effect'::text]))),
    CONSTRAINT indicators_parameters_check CHECK ((jsonb_typeof(parameters) = 'object'::text))
);

ALTER TABLE public.indicators ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.indicators_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.ingest_batch_territories (
    batch_id bigint NOT NULL,
    territory_id smallint NOT NULL,
    rows integer NOT NULL,
    ts_min timestamp with time zone NOT NULL,
    ts_max timestamp with time zone NOT NULL,
    CONSTRAINT ingest_batch_territories_check CHECK ((ts_max >= ts_min)),
    CONSTRAINT ingest_batch_territories_rows_check CHECK ((rows > 0))
);

COMMENT ON TABLE public.ingest_batch_territories IS 'The rows of each ingest batch per territory (see reporting.ingest_batches).';

CREATE TABLE public.ingest_batches (
    id bigint NOT NULL,
    committed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    collector text NOT NULL,
    kind text NOT NULL,
    ts_min timestamp with time zone NOT NULL,
    ts_max timestamp with time zone NOT NULL,
    rows integer NOT NULL,
    CONSTRAINT ingest_batches_check CHECK ((ts_max >= ts_min)),
    CONSTRAINT ingest_batches_kind_check CHECK ((kind = ANY (ARRAY['lamp'::text, 'cabinet'::text, 'meter'::text]))),
    CONSTRAINT ingest_batches_rows_check CHECK ((rows > 0))
);

ALTER TABLE public.ingest_batches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ingest_batches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.lamp_latest (
    light_point_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    power_state text,
    power_w real,
    dimming_pct smallint,
    energy_wh double precision,
    voltage_v real,
    current_a real,
    power_factor real,
    lamp_operating_hours real,
    lamp_switch_counter integer,
    lamp_failure boolean,
    day_burner boolean,
    cycling_failure boolean,
    controller_temp_c real
)
WITH (fillfactor='50', autovacuum_vacuum_scale_factor='0.02', autovacuum_analyze_scale_factor='0.05');

COMMENT ON TABLE public.lamp_latest IS 'The newest stored reading of each light point (written by the collector with the readings).';

CREATE TABLE public.lamp_readings_stored (
    light_point_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_after_ms bigint NOT NULL,
    power_state text,
    power_dw integer,
    dimming_pct smallint,
    energy_wh bigint,
    voltage_dv smallint,
    current_ma integer,
    power_factor_pct smallint,
    lamp_operating_dh integer,
    lamp_switch_counter integer,
    lamp_failure boolean,
    day_burner boolean,
    cycling_failure boolean,
    controller_temp_dc smallint,
    CONSTRAINT lamp_readings_dimming_pct_check CHECK (((dimming_pct >= 0) AND (dimming_pct <= 100))),
    CONSTRAINT lamp_readings_lamp_switch_counter_check CHECK ((lamp_switch_counter >= 0)),
    CONSTRAINT lamp_readings_power_state_check CHECK ((power_state = ANY (ARRAY['on'::text, 'off'::text, 'low'::text, 'bootingUp'::text]))),
    CONSTRAINT lamp_readings_stored_current_ma_check CHECK ((current_ma >= 0)),
    CONSTRAINT lamp_readings_stored_energy_wh_check CHECK ((energy_wh >= 0)),
    CONSTRAINT lamp_readings_stored_lamp_operating_dh_check CHECK ((lamp_operating_dh >= 0)),
    CONSTRAINT lamp_readings_stored_power_dw_check CHECK ((power_dw >= 0)),
    CONSTRAINT lamp_readings_stored_power_factor_pct_check CHECK (((power_factor_pct >= 0) AND (power_factor_pct <= 100))),
    CONSTRAINT lamp_readings_stored_voltage_dv_check CHECK ((voltage_dv >= 0))
)
PARTITION BY RANGE (ts);

COMMENT ON TABLE public.lamp_readings_stored IS 'Light-point readings as integers of their resolution (0.1 W, 0.1 V, 1 mA, 0.01, 1 Wh, 0.1 h, 0.1 °C) and the receive time as milliseconds after ts; read lamp_readings.';

CREATE VIEW public.lamp_readings AS
 SELECT lamp_readings_stored.light_point_id,
    lamp_readings_stored.ts,
    (date_trunc('milliseconds'::text, lamp_readings_stored.ts) + ((lamp_readings_stored.received_after_ms)::double precision * '00:00:00.001'::interval)) AS received_at,
    lamp_readings_stored.power_state,
    ((lamp_readings_stored.power_dw)::real / (10)::real) AS power_w,
    lamp_readings_stored.dimming_pct,
    (lamp_readings_stored.energy_wh)::double precision AS energy_wh,
    ((lamp_readings_stored.voltage_dv)::real / (10)::real) AS voltage_v,
    ((lamp_readings_stored.current_ma)::real / (1000)::real) AS current_a,
    ((lamp_readings_stored.power_factor_pct)::real / (100)::real) AS power_factor,
    ((lamp_readings_stored.lamp_operating_dh)::real / (10)::real) AS lamp_operating_hours,
    lamp_readings_stored.lamp_switch_counter,
    lamp_readings_stored.lamp_failure,
    lamp_readings_stored.day_burner,
    lamp_readings_stored.cycling_failure,
    ((lamp_readings_stored.controller_temp_dc)::real / (10)::real) AS controller_temp_c
   FROM public.lamp_readings_stored;

COMMENT ON VIEW public.lamp_readings IS 'Light-point readings in their units, read from their integers in lamp_readings_stored (migration 0164); INSERT and COPY into the view store them there.';

CREATE TABLE public.lamp_readings_stored_default (
    light_point_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_after_ms bigint NOT NULL,
    power_state text,
    power_dw integer,
    dimming_pct smallint,
    energy_wh bigint,
    voltage_dv smallint,
    current_ma integer,
    power_factor_pct smallint,
    lamp_operating_dh integer,
    lamp_switch_counter integer,
    lamp_failure boolean,
    day_burner boolean,
    cycling_failure boolean,
    controller_temp_dc smallint,
    CONSTRAINT lamp_readings_dimming_pct_check CHECK (((dimming_pct >= 0) AND (dimming_pct <= 100))),
    CONSTRAINT lamp_readings_lamp_switch_counter_check CHECK ((lamp_switch_counter >= 0)),
    CONSTRAINT lamp_readings_power_state_check CHECK ((power_state = ANY (ARRAY['on'::text, 'off'::text, 'low'::text, 'bootingUp'::text]))),
    CONSTRAINT lamp_readings_stored_current_ma_check CHECK ((current_ma >= 0)),
    CONSTRAINT lamp_readings_stored_energy_wh_check CHECK ((energy_wh >= 0)),
    CONSTRAINT lamp_readings_stored_lamp_operating_dh_check CHECK ((lamp_operating_dh >= 0)),
    CONSTRAINT lamp_readings_stored_power_dw_check CHECK ((power_dw >= 0)),
    CONSTRAINT lamp_readings_stored_power_factor_pct_check CHECK (((power_factor_pct >= 0) AND (power_factor_pct <= 100))),
    CONSTRAINT lamp_readings_stored_voltage_dv_check CHECK ((voltage_dv >= 0))
);

CREATE VIEW public.lamp_rollups_monthly AS
 SELECT lamp_rollups_daily.light_point_id,
    (date_trunc('month'::text, (lamp_rollups_daily.day)::timestamp with time zone))::date AS month,
    sum(lamp_rollups_daily.energy_wh) AS energy_wh,
    (sum(lamp_rollups_daily.coverage) / (max(EXTRACT(day FROM ((date_trunc('month'::text, (lamp_rollups_daily.day)::timestamp with time zone) + '1 mon'::interval) - '1 day'::interval))))::double precision) AS coverage
   FROM public.lamp_rollups_daily
  GROUP BY lamp_rollups_daily.light_point_id, (date_trunc('month'::text, (lamp_rollups_daily.day)::timestamp with time zone));

CREATE VIEW public.light_points_current AS
 SELECT lp.id,
    lp.code,
    lp.district_id,
    lp.cabinet_id,
    lp.latitude,
    lp.longitude,
    lp.street,
    lp.reporting_period_s,
    e.valid_from AS equipped_on,
    e.technology,
    e.nominal_power_w,
    e.ballast_loss_pct,
    e.lantern_installed_on,
    e.lamp_installed_on,
    e.rated_life_h,
    e.controller_id,
    e.remote_controlled,
    e.dimmable
   FROM (public.light_points lp
     LEFT JOIN public.light_point_equipment e ON (((e.light_point_id = lp.id) AND (e.valid_to IS NULL))));

ALTER TABLE public.light_points ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.light_points_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.lighting_days (
    territory_id smallint NOT NULL,
    day date NOT NULL,
    day_start timestamp with time zone NOT NULL,
    day_end timestamp with time zone NOT NULL,
    off_at timestamp with time zone NOT NULL,
    on_at timestamp with time zone NOT NULL,
    lit_hours real NOT NULL,
    on_offset_min real NOT NULL,
    off_offset_min real NOT NULL,
    CONSTRAINT lighting_days_check CHECK (((day_start <= off_at) AND (off_at <= on_at) AND (on_at <= day_end))),
    CONSTRAINT lighting_days_lit_hours_check CHECK (((lit_hours >= (0)::double precision) AND (lit_hours <= (25)::double precision)))
);

CREATE TABLE public.meteo_history (
    id bigint NOT NULL,
    subject_kind text NOT NULL,
    subject_id integer NOT NULL,
    status text NOT NULL,
    explanation text NOT NULL,
    drivers text[] DEFAULT '{}'::text[] NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT meteo_history_status_check CHECK ((status = ANY (ARRAY['sunny'::text, 'cloudy'::text, 'rainy'::text, 'stormy'::text, 'no_data'::text]))),
    CONSTRAINT meteo_history_subject_kind_check CHECK ((subject_kind = ANY (ARRAY['action'::text, 'mission'::text])))
);

CREATE VIEW public.meteo_current AS
 SELECT DISTINCT ON (meteo_history.subject_kind, meteo_history.subject_id) meteo_history.subject_kind,
    meteo_history.subject_id,
    meteo_history.status,
    meteo_history.explanation,
    meteo_history.drivers,
    meteo_history.changed_at
   FROM public.meteo_history
  ORDER BY meteo_history.subject_kind, meteo_history.subject_id, meteo_history.changed_at DESC, meteo_history.id DESC;

ALTER TABLE public.meteo_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.meteo_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE VIEW public.meter_consumption_monthly AS
 SELECT meter_consumption_daily.meter_id,
    (date_trunc('month'::text, (meter_consumption_daily.day)::timestamp with time zone))::date AS month,
    sum(meter_consumption_daily.value) AS value,
    (sum(meter_consumption_daily.coverage) / (max(EXTRACT(day FROM ((date_trunc('month'::text, (meter_consumption_daily.day)::timestamp with time zone) + '1 mon'::interval) - '1 day'::interval))))::double precision) AS coverage
   FROM public.meter_consumption_daily
  GROUP BY meter_consumption_daily.meter_id, (date_trunc('month'::text, (meter_consumption_daily.day)::timestamp with time zone));

CREATE TABLE public.meter_readings (
    meter_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    value double precision NOT NULL,
    CONSTRAINT meter_readings_value_check CHECK (((value <> 'NaN'::double precision) AND (value <> 'Infinity'::double precision) AND (value <> '-Infinity'::double precision)))
)
PARTITION BY RANGE (ts);

CREATE TABLE public.meter_readings_default (
    meter_id integer NOT NULL,
    ts timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    value double precision NOT NULL,
    CONSTRAINT meter_readings_value_check CHECK (((value <> 'NaN'::double precision) AND (value <> 'Infinity'::double precision) AND (value <> '-Infinity'::double precision)))
);

CREATE TABLE public.meter_rollups_hourly (
    meter_id integer NOT NULL,
    hour_start timestamp with time zone NOT NULL,
    value double precision NOT NULL,
    coverage real NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT meter_rollups_hourly_coverage_check CHECK (((coverage >= (0)::double precision) AND (coverage <= (1)::double precision)))
);

ALTER TABLE public.meters ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.meters_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.missions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.missions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.notification_alerts (
    notification_id bigint NOT NULL,
    alert_id bigint NOT NULL,
    channel text NOT NULL,
    kind text NOT NULL
);

CREATE TABLE public.notification_deliveries (
    id bigint NOT NULL,
    notification_id bigint NOT NULL,
    attempt smallint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    ok boolean NOT NULL,
    detail text DEFAULT ''::text NOT NULL,
    duration_ms integer DEFAULT 0 NOT NULL,
    CONSTRAINT notification_deliveries_attempt_check CHECK ((attempt >= 1))
);

ALTER TABLE public.notification_deliveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.notification_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.notifications (
    id bigint NOT NULL,
    idempotency_key text NOT NULL,
    channel text NOT NULL,
    kind text NOT NULL,
    recipient text NOT NULL,
    person_id integer,
    subject text NOT NULL,
    body text NOT NULL,
    payload jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts smallint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    last_error text,
    CONSTRAINT notifications_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT notifications_channel_check CHECK ((channel = ANY (ARRAY['email'::text, 'webhook'::text]))),
    CONSTRAINT notifications_kind_check CHECK ((kind = ANY (ARRAY['alert'::text, 'escalation'::text, 'digest'::text]))),
    CONSTRAINT notifications_payload_check CHECK ((jsonb_typeof(payload) = 'object'::text)),
    CONSTRAINT notifications_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sent'::text, 'failed'::text])))
);

ALTER TABLE public.notifications ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.notifications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.operat_declarations (
    building_id integer NOT NULL,
    consumption_year smallint NOT NULL,
    declared_on date NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT operat_declarations_consumption_year_check CHECK (((consumption_year >= 2010) AND (consumption_year <= 2100)))
);

CREATE TABLE public.partition_policies (
    table_name text NOT NULL,
    period text NOT NULL,
    ahead integer NOT NULL,
    retention interval,
    CONSTRAINT partition_policies_ahead_check CHECK (((ahead >= 1) AND (ahead <= 60))),
    CONSTRAINT partition_policies_period_check CHECK ((period = ANY (ARRAY['day'::text, 'week'::text, 'month'::text, 'year'::text]))),
    CONSTRAINT partition_policies_retention_check CHECK ((retention > '00:00:00'::interval)),
    CONSTRAINT partition_policies_table_name_check CHECK ((table_name = ANY (ARRAY['lamp_readings_stored'::text, 'cabinet_readings'::text, 'meter_readings'::text])))
);

COMMENT ON TABLE public.partition_policies IS 'Time partitions of the readings tables on plain PostgreSQL: period, periods created ahead, retention (the same as the TimescaleDB retention policy; NULL keeps every period).';

ALTER TABLE public.people ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.people_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.person_roles (
    person_id integer NOT NULL,
    role text NOT NULL,
    CONSTRAINT person_roles_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'pilot'::text, 'evaluator'::text, 'viewer'::text])))
);

CREATE TABLE public.person_territories (
    person_id integer NOT NULL,
    territory_id smallint NOT NULL
);

ALTER TABLE public.policies ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.policies_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.policy_changes (
    id bigint NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    person_id integer,
    source text NOT NULL,
    subject text NOT NULL,
    operation text NOT NULL,
    action_id integer,
    before jsonb,
    after jsonb,
    CONSTRAINT policy_changes_after_check CHECK ((jsonb_typeof(after) = 'object'::text)),
    CONSTRAINT policy_changes_before_check CHECK ((jsonb_typeof(before) = 'object'::text)),
    CONSTRAINT policy_changes_check CHECK (((operation = 'insert'::text) = (before IS NULL))),
    CONSTRAINT policy_changes_check1 CHECK (((operation = 'delete'::text) = (after IS NULL))),
    CONSTRAINT policy_changes_operation_check CHECK ((operation = ANY (ARRAY['insert'::text, 'update'::text, 'delete'::text])))
);

ALTER TABLE public.policy_changes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.policy_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.rollup_days_pending (
    territory_id smallint NOT NULL,
    kind text NOT NULL,
    day date NOT NULL,
    marked_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT rollup_days_pending_kind_check CHECK ((kind = 'cabinet'::text))
);

CREATE TABLE public.rule_parameters (
    territory_id smallint NOT NULL,
    rule_id text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    parameters jsonb DEFAULT '{}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT rule_parameters_parameters_check CHECK ((jsonb_typeof(parameters) = 'object'::text)),
    CONSTRAINT rule_parameters_rule_id_check CHECK ((rule_id ~ '^[a-z][a-z0-9_]{1,63}$'::text))
);

CREATE TABLE public.rule_runs (
    id bigint NOT NULL,
    job text NOT NULL,
    rule_id text NOT NULL,
    territory_id smallint NOT NULL,
    trigger text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    duration_ms integer NOT NULL,
    subjects integer NOT NULL,
    raised integer NOT NULL,
    opened integer NOT NULL,
    resolved integer NOT NULL,
    CONSTRAINT rule_runs_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT rule_runs_opened_check CHECK ((opened >= 0)),
    CONSTRAINT rule_runs_raised_check CHECK ((raised >= 0)),
    CONSTRAINT rule_runs_resolved_check CHECK ((resolved >= 0)),
    CONSTRAINT rule_runs_subjects_check CHECK ((subjects >= 0)),
    CONSTRAINT rule_runs_trigger_check CHECK ((trigger = ANY (ARRAY['readings'::text, 'schedule'::text, 'manual'::text])))
);

ALTER TABLE public.rule_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.rule_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    duration_ms integer NOT NULL
);

ALTER TABLE public.scope_areas ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.scope_areas_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.sequence_gaps (
    id bigint NOT NULL,
    kind text NOT NULL,
    device_id integer NOT NULL,
    after_seq bigint NOT NULL,
    before_seq bigint NOT NULL,
    missing bigint NOT NULL,
    detected_at timestamp with time zone DEFAULT now() NOT NULL,
    collector text,
    CONSTRAINT sequence_gaps_check CHECK ((before_seq > (after_seq + 1))),
    CONSTRAINT sequence_gaps_kind_check CHECK ((kind = ANY (ARRAY['lamp'::text, 'cabinet'::text, 'meter'::text]))),
    CONSTRAINT sequence_gaps_missing_check CHECK ((missing > 0))
);

ALTER TABLE public.sequence_gaps ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sequence_gaps_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.spare_stocks (
    id bigint NOT NULL,
    territory_id smallint NOT NULL,
    item text NOT NULL,
    quantity integer NOT NULL,
    counted_at timestamp with time zone DEFAULT now() NOT NULL,
    note text,
    CONSTRAINT spare_stocks_item_check CHECK ((item = 'hps_lamp'::text)),
    CONSTRAINT spare_stocks_quantity_check CHECK ((quantity >= 0))
);

ALTER TABLE public.spare_stocks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.spare_stocks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.territories (
    id smallint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    timezone text DEFAULT 'Europe/Paris'::text NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    switch_on_offset_min real DEFAULT 15 NOT NULL,
    switch_off_offset_min real DEFAULT 15 NOT NULL,
    normal_heating_dju real,
    normal_heating_dju_months real[],
    CONSTRAINT territories_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9-]{0,31}$'::text)),
    CONSTRAINT territories_latitude_check CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT territories_longitude_check CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT territories_normal_heating_dju_check CHECK ((normal_heating_dju > (0)::double precision)),
    CONSTRAINT territories_normal_heating_dju_months_check CHECK (((array_ndims(normal_heating_dju_months) = 1) AND (cardinality(normal_heating_dju_months) = 12) AND (array_position(normal_heating_dju_months, NULL::real) IS NULL) AND ((0)::double precision <= ALL (normal_heating_dju_months)) AND ((0)::double precision < ANY (normal_heating_dju_months)))),
    CONSTRAINT territories_switch_off_offset_min_check CHECK (((switch_off_offset_min >= ('-120'::integer)::double precision) AND (switch_off_offset_min <= (120)::double precision))),
    CONSTRAINT territories_switch_on_offset_min_check CHECK (((switch_on_offset_min >= ('-120'::integer)::double precision) AND (switch_on_offset_min <= (120)::double precision)))
);

ALTER TABLE public.territories ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.territories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.token_territories (
    token_id integer NOT NULL,
    territory_id smallint NOT NULL
);

CREATE TABLE public.weather_observations (
    territory_id smallint NOT NULL,
    day date NOT NULL,
    tmin_c real NOT NULL,
    tmax_c real NOT NULL,
    source text NOT NULL,
    CONSTRAINT weather_observations_check CHECK ((tmax_c >= tmin_c))
);

CREATE TABLE public.web_sessions (
    id bigint NOT NULL,
    token_sha256 text NOT NULL,
    person_id integer NOT NULL,
    role text NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    flash jsonb,
    territory_id smallint,
    CONSTRAINT web_sessions_check CHECK ((expires_at > created_at)),
    CONSTRAINT web_sessions_csrf_token_check CHECK ((length(csrf_token) >= 32)),
    CONSTRAINT web_sessions_flash_check CHECK ((jsonb_typeof(flash) = 'object'::text)),
    CONSTRAINT web_sessions_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'pilot'::text, 'evaluator'::text, 'viewer'::text]))),
    CONSTRAINT web_sessions_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE public.web_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.web_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.web_sign_in_links (
    id bigint NOT NULL,
    token_sha256 text NOT NULL,
    person_id integer NOT NULL,
    next_path text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT web_sign_in_links_check CHECK ((expires_at > created_at)),
    CONSTRAINT web_sign_in_links_next_path_check CHECK ((next_path ~ '^/web/'::text)),
    CONSTRAINT web_sign_in_links_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE public.web_sign_in_links ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.web_sign_in_links_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.web_sign_in_requests (
    email_sha256 text NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT web_sign_in_requests_email_sha256_check CHECK ((email_sha256 ~ '^[0-9a-f]{64}$'::text))
);

CREATE TABLE public.web_used_links (
    token_sha256 text NOT NULL,
    purpose text NOT NULL,
    alert_id bigint NOT NULL,
    person_id integer NOT NULL,
    used_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT web_used_links_purpose_check CHECK ((purpose = ANY (ARRAY['acknowledge'::text, 'open'::text]))),
    CONSTRAINT web_used_links_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

CREATE TABLE public.worker_cursors (
    name text NOT NULL,
    committed_at timestamp with time zone NOT NULL,
    last_id bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT worker_cursors_last_id_check CHECK ((last_id >= 0))
);

CREATE VIEW reporting.action_milestones WITH (security_barrier='true') AS
 SELECT ((COALESCE(a.actual_start, a.planned_start))::timestamp without time zone AT TIME ZONE t.timezone) AS "time",
    ((COALESCE(a.actual_end, a.planned_end))::timestamp without time zone AT TIME ZONE t.timezone) AS timeend,
    ((a.code || ' – '::text) || a.title) AS text,
    concat_ws(','::text, 'policy-action', a.code, m.code,
        CASE
            WHEN (a.actual_start IS NOT NULL) THEN 'works'::text
            ELSE 'planned'::text
        END) AS tags,
    m.code AS mission_code,
    a.code AS action_code,
    'works'::text AS kind,
    t.code AS territory
   FROM (((public.actions a
     JOIN public.missions m ON ((m.id = a.mission_id)))
     JOIN public.policies p ON ((p.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = p.territory_id)))
  WHERE ((COALESCE(a.actual_start, a.planned_start) IS NOT NULL) AND (p.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])))
UNION ALL
 SELECT ((an.written_on)::timestamp without time zone AT TIME ZONE t.timezone) AS "time",
    NULL::timestamp with time zone AS timeend,
    ((COALESCE(a.code, m.code) || ' – '::text) || "left"(an.body, 200)) AS text,
    concat_ws(','::text, 'policy-action', COALESCE(a.code, m.code), an.kind) AS tags,
    m.code AS mission_code,
    a.code AS action_code,
    an.kind,
    t.code AS territory
   FROM ((((public.analyses an
     LEFT JOIN public.actions a ON ((a.id = an.action_id)))
     JOIN public.missions m ON ((m.id = COALESCE(an.mission_id, a.mission_id))))
     JOIN public.policies p ON ((p.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = p.territory_id)))
  WHERE (p.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.actions WITH (security_barrier='true') AS
 SELECT a.id,
    a.code,
    a.title,
    m.code AS mission_code,
    a.status,
    a.term,
    pilot.name AS pilot,
    a.planned_start,
    a.planned_end,
    a.actual_start,
    a.actual_end,
    t.code AS territory
   FROM ((((public.actions a
     JOIN public.missions m ON ((m.id = a.mission_id)))
     JOIN public.policies po ON ((po.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = po.territory_id)))
     LEFT JOIN public.people pilot ON ((pilot.id = a.pilot_id)))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.alerts WITH (security_barrier='true') AS
 SELECT a.id,
    a.rule_id,
    a.domain,
    a.subject_kind,
    a.severity,
    array_position(ARRAY['informational'::text, 'low'::text, 'medium'::text, 'high'::text, 'critical'::text], a.severity) AS severity_rank,
    a.state,
    a.summary,
    a.first_seen,
    a.last_seen,
    a.occurrences,
    a.acknowledged_at,
    a.resolved_at,
    a.closed_at,
    a.escalated_at,
    COALESCE(p.name, '(unrouted)'::text) AS pilot,
    a.routed_via,
    ac.code AS action_code,
    COALESCE(m.code, '(none)'::text) AS mission_code,
    m.title AS mission_title,
    EXTRACT(epoch FROM (a.acknowledged_at - a.first_seen)) AS time_to_ack_s,
    EXTRACT(epoch FROM (a.resolved_at - a.first_seen)) AS time_to_resolve_s,
    t.code AS territory
   FROM ((((public.alerts a
     JOIN public.territories t ON ((t.id = a.territory_id)))
     LEFT JOIN public.people p ON ((p.id = a.routed_to)))
     LEFT JOIN public.actions ac ON ((ac.id = a.action_id)))
     LEFT JOIN public.missions m ON ((m.id = ac.mission_id)))
  WHERE (a.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.building_daily WITH (security_barrier='true') AS
 SELECT b.code AS building_code,
    r.day_start,
    r.electricity_kwh,
    r.out_of_hours_kwh,
    r.electricity_hours,
    r.electricity_covered_h,
    r.temperature_hours,
    r.occupied_hours_above_19,
    t.code AS territory,
    r.temperature_sum
   FROM (((public.building_daily r
     JOIN public.buildings b ON ((b.id = r.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.building_energy_daily WITH (security_barrier='true') AS
 SELECT b.code AS building_code,
    r.day,
    sum(r.value) AS energy_kwh,
    min(r.coverage) AS coverage,
    t.code AS territory
   FROM ((((public.meter_consumption_daily r
     JOIN public.meters m ON ((m.id = r.meter_id)))
     JOIN public.buildings b ON ((b.id = m.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE ((m.quantity = ANY (ARRAY['electricity'::text, 'gas'::text, 'heat'::text])) AND (m.unit = 'kWh'::text) AND (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])))
  GROUP BY b.code, r.day, t.code;

CREATE VIEW reporting.buildings WITH (security_barrier='true') AS
 SELECT b.id,
    b.code,
    b.name,
    b.category,
    d.code AS district_code,
    b.floor_area_m2,
    b.latitude,
    b.longitude,
    b.tertiary_decree,
    b.reference_year,
    b.reference_consumption_kwh,
    t.code AS territory
   FROM (((public.buildings b
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     LEFT JOIN public.districts d ON ((d.id = b.district_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.dead_letters WITH (security_barrier='true') AS
 SELECT l.id,
    l.received_at,
    l.topic,
    l.error_kind,
    "left"(l.reason, 300) AS reason,
    l.collector,
    l.replayed_at,
    (l.replayed_at IS NULL) AS pending,
    octet_length(l.payload) AS payload_bytes,
    l.territory
   FROM (( SELECT dl.id,
            dl.received_at,
            dl.topic,
            dl.payload,
            dl.error_kind,
            dl.reason,
            dl.collector,
            dl.replayed_at,
            dl.replay_count,
            dl.payload_bytes,
            dl.payload_sha256,
            (regexp_match(dl.topic, '([^/]+)/[^/]+/[^/]+/[^/]+/[^/]+$'::text))[1] AS territory
           FROM public.dead_letters dl) l
     LEFT JOIN public.territories t ON ((t.code = l.territory)))
  WHERE
        CASE
            WHEN (t.id IS NULL) THEN (NOT (EXISTS ( SELECT 1
               FROM public.territories x
              WHERE (x.id <> ALL (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])))))
            ELSE (t.id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]))
        END;

CREATE VIEW reporting.decree_trajectory WITH (security_barrier='true') AS
 SELECT b.code AS building_code,
    y.year,
    y.energy_kwh,
    y.coverage,
    b.reference_consumption_kwh AS reference_kwh,
    (b.reference_consumption_kwh * reporting.decree_path_factor((b.reference_year)::integer, y.year)) AS allowed_kwh,
    t.code AS territory
   FROM (((public.buildings b
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     JOIN LATERAL ( SELECT (EXTRACT(year FROM e.day))::integer AS year,
            sum(e.energy_kwh) AS energy_kwh,
            ((count(*))::numeric / 365.0) AS coverage
           FROM reporting.building_energy_daily e
          WHERE ((e.building_code = b.code) AND (e.territory = t.code))
          GROUP BY ((EXTRACT(year FROM e.day))::integer)) y ON (true))
  WHERE (b.tertiary_decree AND (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])));

CREATE VIEW reporting.degree_days WITH (security_barrier='true') AS
 SELECT t.code AS territory,
    w.day,
    ((w.tmin_c + w.tmax_c) / (2.0)::double precision) AS tmean_c,
    GREATEST((0.0)::double precision, ((18.0)::double precision - ((w.tmin_c + w.tmax_c) / (2.0)::double precision))) AS dju
   FROM (public.weather_observations w
     JOIN public.territories t ON ((t.id = w.territory_id)))
  WHERE (w.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.device_last_seen WITH (security_barrier='true') AS
 SELECT 'lamp'::text AS kind,
    lp.code,
    d.code AS district_code,
    NULL::text AS building_code,
    lp.reporting_period_s,
    last.ts AS last_ts,
    t.code AS territory
   FROM ((((public.light_points lp
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     LEFT JOIN public.lamp_latest last ON ((last.light_point_id = lp.id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]))
UNION ALL
 SELECT 'meter'::text AS kind,
    m.code,
    d.code AS district_code,
    b.code AS building_code,
    m.reporting_period_s,
    last.ts AS last_ts,
    t.code AS territory
   FROM (((((public.meters m
     JOIN public.buildings b ON ((b.id = m.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     LEFT JOIN public.districts d ON ((d.id = b.district_id)))
     LEFT JOIN LATERAL ( SELECT COALESCE(( SELECT r.ts
                   FROM public.meter_readings r
                  WHERE ((r.meter_id = m.id) AND (r.ts > (now() - '7 days'::interval)))
                  ORDER BY r.ts DESC
                 LIMIT 1), ( SELECT r.ts
                   FROM public.meter_readings r
                  WHERE (r.meter_id = m.id)
                  ORDER BY r.ts DESC
                 LIMIT 1)) AS ts) last ON (true))
  WHERE ((m.removed_on IS NULL) AND (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])));

CREATE VIEW reporting.district_energy_daily WITH (security_barrier='true') AS
 SELECT d.code AS district_code,
    r.day,
    r.energy_kwh,
    r.coverage,
    t.code AS territory
   FROM (((public.district_rollups_daily r
     JOIN public.districts d ON ((d.id = r.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.district_energy_hourly WITH (security_barrier='true') AS
 SELECT d.code AS district_code,
    r.hour_start,
    (r.energy_wh / (1000.0)::double precision) AS energy_kwh,
    (r.covered_point_hours / (NULLIF(n.points, 0))::double precision) AS coverage,
    r.failing_points,
    r.day_burner_points,
    t.code AS territory
   FROM ((((public.district_lamp_hourly r
     JOIN public.districts d ON ((d.id = r.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     JOIN ( SELECT light_points.district_id,
            count(*) AS points
           FROM public.light_points
          GROUP BY light_points.district_id) n ON ((n.district_id = r.district_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.districts WITH (security_barrier='true') AS
 SELECT d.code,
    d.name,
    c.name AS commune,
    t.code AS territory,
    d.lit_street_km,
    ( SELECT count(*) AS count
           FROM public.light_points lp
          WHERE (lp.district_id = d.id)) AS light_points
   FROM ((public.districts d
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.effects WITH (security_barrier='true') AS
 SELECT a.code AS action_code,
    a.title AS action_title,
    m.code AS mission_code,
    e.method,
    e.method_version,
    e.baseline_start,
    e.baseline_end,
    e.reporting_start,
    e.reporting_end,
    e.counterfactual_kwh,
    e.actual_kwh,
    e.saved_kwh,
    e.saved_kwh_low,
    e.saved_kwh_high,
    e.saved_pct,
    e.saved_pct_low,
    e.saved_pct_high,
    e.coverage_baseline,
    e.coverage_reporting,
    e.sufficient,
    array_to_string(e.warnings, '; '::text) AS warnings,
    e.computed_at,
    e.headline,
    e.reliable,
    e.boundary,
    e.ipmvp_option,
    e.deemed,
    e.annual_saved_kwh,
    e.annual_saved_kwh_low,
    e.annual_saved_kwh_high,
    e.adjustments_kwh,
    t.code AS territory
   FROM ((((public.effects_latest e
     JOIN public.actions a ON ((a.id = e.action_id)))
     JOIN public.missions m ON ((m.id = a.mission_id)))
     JOIN public.policies po ON ((po.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = po.territory_id)))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.hps_equipment WITH (security_barrier='true') AS
 SELECT e.light_point_id,
    d.code AS district_code,
    e.valid_from,
    e.valid_to,
    e.nominal_power_w,
    t.code AS territory
   FROM ((((public.light_point_equipment e
     JOIN public.light_points lp ON ((lp.id = e.light_point_id)))
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE ((e.technology = 'HPS'::text) AND (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])));

CREATE VIEW reporting.indicators WITH (security_barrier='true') AS
 SELECT i.id,
    i.code,
    i.title,
    i.kind,
    i.unit,
    i.direction,
    i.baseline_value,
    i.baseline_on,
    COALESCE(m.code, am.code) AS mission_code,
    a.code AS action_code,
        CASE
            WHEN (i.action_id IS NOT NULL) THEN 'action'::text
            WHEN (i.mission_id IS NOT NULL) THEN 'mission'::text
            ELSE 'policy'::text
        END AS level,
    t.code AS territory
   FROM (((((public.indicators i
     LEFT JOIN public.missions m ON ((m.id = i.mission_id)))
     LEFT JOIN public.actions a ON ((a.id = i.action_id)))
     LEFT JOIN public.missions am ON ((am.id = a.mission_id)))
     JOIN public.policies po ON ((po.id = COALESCE(i.policy_id, m.policy_id, am.policy_id))))
     JOIN public.territories t ON ((t.id = po.territory_id)))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.indicator_standings WITH (security_barrier='true') AS
 SELECT i.code,
    i.title,
    i.kind,
    i.unit,
    i.direction,
    i.mission_code,
    i.action_code,
    i.baseline_value,
    v.period_start AS latest_on,
    v.value AS latest_value,
    t.target_on,
    t.value AS target_value,
        CASE
            WHEN ((t.value IS NOT NULL) AND (i.baseline_value IS NOT NULL) AND (t.value <> i.baseline_value)) THEN (((100.0)::double precision * (v.value - i.baseline_value)) / (t.value - i.baseline_value))
            ELSE NULL::double precision
        END AS progress_pct,
    i.territory
   FROM ((reporting.indicators i
     LEFT JOIN LATERAL ( SELECT indicator_values.period_start,
            indicator_values.value
           FROM public.indicator_values
          WHERE (indicator_values.indicator_id = i.id)
          ORDER BY indicator_values.period_start DESC,
                CASE indicator_values.period
                    WHEN 'year'::text THEN 0
                    WHEN 'month'::text THEN 1
                    ELSE 2
                END
         LIMIT 1) v ON (true))
     LEFT JOIN LATERAL ( SELECT indicator_targets.target_on,
            indicator_targets.value
           FROM public.indicator_targets
          WHERE (indicator_targets.indicator_id = i.id)
          ORDER BY (indicator_targets.target_on >= COALESCE(v.period_start, CURRENT_DATE)) DESC,
                CASE
                    WHEN (indicator_targets.target_on >= COALESCE(v.period_start, CURRENT_DATE)) THEN indicator_targets.target_on
                    ELSE NULL::date
                END, indicator_targets.target_on DESC
         LIMIT 1) t ON (true));

CREATE VIEW reporting.indicator_targets WITH (security_barrier='true') AS
 SELECT i.code,
    i.title,
    i.kind,
    i.unit,
    i.mission_code,
    i.action_code,
    t.target_on,
    t.value,
    i.territory
   FROM (public.indicator_targets t
     JOIN reporting.indicators i ON ((i.id = t.indicator_id)));

CREATE VIEW reporting.indicator_values WITH (security_barrier='true') AS
 SELECT i.code,
    i.title,
    i.kind,
    i.unit,
    i.mission_code,
    i.action_code,
    v.period,
    v.period_start,
    v.value,
    v.coverage,
    v.source,
    i.territory
   FROM (public.indicator_values v
     JOIN reporting.indicators i ON ((i.id = v.indicator_id)));

CREATE VIEW reporting.ingest_batches WITH (security_barrier='true') AS
 SELECT b.committed_at,
    b.collector,
    b.kind,
    b.rows,
    b.ts_min,
    b.ts_max,
    EXTRACT(epoch FROM (b.committed_at - b.ts_max)) AS lag_s
   FROM public.ingest_batches b
  WHERE (NOT (EXISTS ( SELECT 1
           FROM public.territories t
          WHERE (t.id <> ALL (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])))))
UNION ALL
 SELECT b.committed_at,
    b.collector,
    b.kind,
    p.rows,
    p.ts_min,
    p.ts_max,
    EXTRACT(epoch FROM (b.committed_at - p.ts_max)) AS lag_s
   FROM (public.ingest_batch_territories p
     JOIN public.ingest_batches b ON ((b.id = p.batch_id)))
  WHERE ((p.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])) AND (EXISTS ( SELECT 1
           FROM public.territories t
          WHERE (t.id <> ALL (( SELECT reporting.readable_territories() AS readable_territories)::smallint[])))));

CREATE VIEW reporting.lamp_latest WITH (security_barrier='true') AS
 SELECT l.ts,
    l.received_at,
    l.light_point_id,
    lp.code,
    d.code AS district_code,
    l.power_state,
    l.power_w,
    l.dimming_pct,
    l.energy_wh,
    l.voltage_v,
    l.current_a,
    l.power_factor,
    l.lamp_operating_hours,
    l.lamp_switch_counter,
    l.lamp_failure,
    l.day_burner,
    l.cycling_failure,
    l.controller_temp_c,
    lp.reporting_period_s,
    t.code AS territory
   FROM ((((public.lamp_latest l
     JOIN public.light_points lp ON ((lp.id = l.light_point_id)))
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.lamp_readings WITH (security_barrier='true') AS
 SELECT r.ts,
    r.received_at,
    r.light_point_id,
    lp.code,
    d.code AS district_code,
    r.power_state,
    r.power_w,
    r.dimming_pct,
    r.energy_wh,
    r.lamp_failure,
    r.day_burner,
    r.cycling_failure,
    lp.reporting_period_s,
    t.code AS territory
   FROM ((((public.lamp_readings r
     JOIN public.light_points lp ON ((lp.id = r.light_point_id)))
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.light_points WITH (security_barrier='true') AS
 SELECT lp.id,
    lp.code,
    d.code AS district_code,
    d.name AS district_name,
    cc.code AS cabinet_code,
    lp.latitude,
    lp.longitude,
    lp.street,
    lp.reporting_period_s,
    lp.technology,
    lp.nominal_power_w,
    lp.remote_controlled,
    lp.lamp_installed_on,
    lp.lantern_installed_on,
    lp.rated_life_h,
    t.code AS territory
   FROM ((((public.light_points_current lp
     JOIN public.districts d ON ((d.id = lp.district_id)))
     JOIN public.communes c ON ((c.id = d.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
     LEFT JOIN public.control_cabinets cc ON ((cc.id = lp.cabinet_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.meter_hourly WITH (security_barrier='true') AS
 SELECT r.hour_start,
    m.code AS meter_code,
    b.code AS building_code,
    m.quantity,
    m.unit,
    r.value,
    r.coverage,
    t.code AS territory,
    t.timezone
   FROM ((((public.meter_rollups_hourly r
     JOIN public.meters m ON ((m.id = r.meter_id)))
     JOIN public.buildings b ON ((b.id = m.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.meter_readings WITH (security_barrier='true') AS
 SELECT r.ts,
    m.code AS meter_code,
    b.code AS building_code,
    m.quantity,
    m.unit,
    r.value,
    t.code AS territory
   FROM ((((public.meter_readings r
     JOIN public.meters m ON ((m.id = r.meter_id)))
     JOIN public.buildings b ON ((b.id = m.building_id)))
     JOIN public.communes c ON ((c.id = b.commune_id)))
     JOIN public.territories t ON ((t.id = c.territory_id)))
  WHERE (c.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.missions WITH (security_barrier='true') AS
 SELECT m.code,
    m.title,
    m.domain,
    po.code AS policy_code,
    lead.name AS lead,
    t.code AS territory
   FROM (((public.missions m
     JOIN public.policies po ON ((po.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = po.territory_id)))
     LEFT JOIN public.people lead ON ((lead.id = m.lead_id)))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

CREATE VIEW reporting.policy_tree AS
SELECT
    NULL::text AS level,
    NULL::text AS mission_code,
    NULL::text AS mission_title,
    NULL::text AS action_code,
    NULL::text AS title,
    NULL::text AS status,
    NULL::text AS person,
    NULL::double precision AS planned_eur,
    NULL::double precision AS committed_eur,
    NULL::double precision AS spent_eur,
    NULL::text AS meteo,
    NULL::text AS meteo_explanation,
    NULL::text AS territory;

CREATE VIEW reporting.territories WITH (security_barrier='true') AS
 SELECT t.id,
    t.code,
    t.name,
    t.timezone
   FROM public.territories t
  WHERE (t.id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]));

ALTER TABLE ONLY public.cabinet_readings ATTACH PARTITION public.cabinet_readings_default DEFAULT;

ALTER TABLE ONLY public.lamp_readings_stored ATTACH PARTITION public.lamp_readings_stored_default DEFAULT;

ALTER TABLE ONLY public.meter_readings ATTACH PARTITION public.meter_readings_default DEFAULT;

ALTER TABLE ONLY public.lamp_readings ALTER COLUMN received_at SET DEFAULT date_trunc('milliseconds'::text, now());

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.actions
    ADD CONSTRAINT actions_code_key UNIQUE (code);

ALTER TABLE ONLY public.actions
    ADD CONSTRAINT actions_id_mission_id_key UNIQUE (id, mission_id);

ALTER TABLE ONLY public.actions
    ADD CONSTRAINT actions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.activity_reports
    ADD CONSTRAINT activity_reports_pkey PRIMARY KEY (number);

ALTER TABLE ONLY public.aggregation_cursors
    ADD CONSTRAINT aggregation_cursors_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_pkey PRIMARY KEY (territory_id, subject_kind);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_sha256_key UNIQUE (token_sha256);

ALTER TABLE ONLY public.attached_files
    ADD CONSTRAINT attached_files_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.budget_lines
    ADD CONSTRAINT budget_lines_mission_id_action_id_year_key UNIQUE NULLS NOT DISTINCT (mission_id, action_id, year);

ALTER TABLE ONLY public.budget_lines
    ADD CONSTRAINT budget_lines_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.building_daily
    ADD CONSTRAINT building_daily_pkey PRIMARY KEY (building_id, day_start);

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_code_key UNIQUE (code);

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cabinet_readings
    ADD CONSTRAINT cabinet_readings_pkey PRIMARY KEY (cabinet_id, ts);

ALTER TABLE ONLY public.cabinet_readings_default
    ADD CONSTRAINT cabinet_readings_default_pkey PRIMARY KEY (cabinet_id, ts);

ALTER TABLE ONLY public.cabinet_rollups_daily
    ADD CONSTRAINT cabinet_rollups_daily_pkey PRIMARY KEY (cabinet_id, day);

ALTER TABLE ONLY public.cabinet_rollups_hourly
    ADD CONSTRAINT cabinet_rollups_hourly_pkey PRIMARY KEY (cabinet_id, hour_start);

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT communes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT communes_territory_id_insee_code_key UNIQUE (territory_id, insee_code);

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT communes_territory_id_name_key UNIQUE (territory_id, name);

ALTER TABLE ONLY public.control_cabinets
    ADD CONSTRAINT control_cabinets_code_key UNIQUE (code);

ALTER TABLE ONLY public.control_cabinets
    ADD CONSTRAINT control_cabinets_meter_code_key UNIQUE (meter_code);

ALTER TABLE ONLY public.control_cabinets
    ADD CONSTRAINT control_cabinets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.dead_letters
    ADD CONSTRAINT dead_letters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.device_sequences
    ADD CONSTRAINT device_sequences_pkey PRIMARY KEY (kind, device_id);

ALTER TABLE ONLY public.district_lamp_daily
    ADD CONSTRAINT district_lamp_daily_pkey PRIMARY KEY (district_id, day);

ALTER TABLE ONLY public.district_lamp_hourly
    ADD CONSTRAINT district_lamp_hourly_pkey PRIMARY KEY (district_id, hour_start);

ALTER TABLE ONLY public.districts
    ADD CONSTRAINT districts_code_key UNIQUE (code);

ALTER TABLE ONLY public.districts
    ADD CONSTRAINT districts_commune_id_name_key UNIQUE (commune_id, name);

ALTER TABLE ONLY public.districts
    ADD CONSTRAINT districts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.effects
    ADD CONSTRAINT effects_action_method_as_of_key UNIQUE (action_id, method, reporting_end);

ALTER TABLE ONLY public.effects
    ADD CONSTRAINT effects_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.grafana_territory_roles
    ADD CONSTRAINT grafana_territory_roles_pkey PRIMARY KEY (role_name, territory_id);

ALTER TABLE ONLY public.indicator_runs
    ADD CONSTRAINT indicator_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.indicator_targets
    ADD CONSTRAINT indicator_targets_pkey PRIMARY KEY (indicator_id, target_on);

ALTER TABLE ONLY public.indicator_values
    ADD CONSTRAINT indicator_values_pkey PRIMARY KEY (indicator_id, period, period_start);

ALTER TABLE ONLY public.indicators
    ADD CONSTRAINT indicators_code_key UNIQUE (code);

ALTER TABLE ONLY public.indicators
    ADD CONSTRAINT indicators_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ingest_batch_territories
    ADD CONSTRAINT ingest_batch_territories_pkey PRIMARY KEY (batch_id, territory_id);

ALTER TABLE ONLY public.ingest_batches
    ADD CONSTRAINT ingest_batches_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lamp_latest
    ADD CONSTRAINT lamp_latest_pkey PRIMARY KEY (light_point_id);

ALTER TABLE ONLY public.lamp_readings_stored
    ADD CONSTRAINT lamp_readings_stored_pkey PRIMARY KEY (light_point_id, ts);

ALTER TABLE ONLY public.lamp_readings_stored_default
    ADD CONSTRAINT lamp_readings_default_pkey PRIMARY KEY (light_point_id, ts);

ALTER TABLE ONLY public.lamp_rollups_daily
    ADD CONSTRAINT lamp_rollups_daily_pkey PRIMARY KEY (light_point_id, day);

ALTER TABLE ONLY public.lamp_rollups_hourly
    ADD CONSTRAINT lamp_rollups_hourly_pkey PRIMARY KEY (light_point_id, hour_start);

ALTER TABLE ONLY public.light_point_equipment
    ADD CONSTRAINT light_point_equipment_light_point_id_daterange_excl EXCLUDE USING gist (light_point_id WITH =, daterange(valid_from, valid_to) WITH &&);

ALTER TABLE ONLY public.light_point_equipment
    ADD CONSTRAINT light_point_equipment_pkey PRIMARY KEY (light_point_id, valid_from);

ALTER TABLE ONLY public.light_points
    ADD CONSTRAINT light_points_code_key UNIQUE (code);

ALTER TABLE ONLY public.light_points
    ADD CONSTRAINT light_points_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lighting_days
    ADD CONSTRAINT lighting_days_pkey PRIMARY KEY (territory_id, day);

ALTER TABLE ONLY public.meteo_history
    ADD CONSTRAINT meteo_history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.meter_consumption_daily
    ADD CONSTRAINT meter_consumption_daily_pkey PRIMARY KEY (meter_id, day);

ALTER TABLE ONLY public.meter_readings
    ADD CONSTRAINT meter_readings_pkey PRIMARY KEY (meter_id, ts);

ALTER TABLE ONLY public.meter_readings_default
    ADD CONSTRAINT meter_readings_default_pkey PRIMARY KEY (meter_id, ts);

ALTER TABLE ONLY public.meter_rollups_hourly
    ADD CONSTRAINT meter_rollups_hourly_pkey PRIMARY KEY (meter_id, hour_start);

ALTER TABLE ONLY public.meters
    ADD CONSTRAINT meters_code_key UNIQUE (code);

ALTER TABLE ONLY public.meters
    ADD CONSTRAINT meters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.missions
    ADD CONSTRAINT missions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.missions
    ADD CONSTRAINT missions_policy_id_code_key UNIQUE (policy_id, code);

ALTER TABLE ONLY public.notification_alerts
    ADD CONSTRAINT notification_alerts_pkey PRIMARY KEY (alert_id, channel, kind);

ALTER TABLE ONLY public.notification_deliveries
    ADD CONSTRAINT notification_deliveries_notification_id_attempt_key UNIQUE (notification_id, attempt);

ALTER TABLE ONLY public.notification_deliveries
    ADD CONSTRAINT notification_deliveries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_idempotency_key_key UNIQUE (idempotency_key);

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.operat_declarations
    ADD CONSTRAINT operat_declarations_pkey PRIMARY KEY (building_id, consumption_year);

ALTER TABLE ONLY public.partition_policies
    ADD CONSTRAINT partition_policies_pkey PRIMARY KEY (table_name);

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_email_key UNIQUE (email);

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.person_roles
    ADD CONSTRAINT person_roles_pkey PRIMARY KEY (person_id, role);

ALTER TABLE ONLY public.person_territories
    ADD CONSTRAINT person_territories_pkey PRIMARY KEY (person_id, territory_id);

ALTER TABLE ONLY public.policies
    ADD CONSTRAINT policies_code_key UNIQUE (code);

ALTER TABLE ONLY public.policies
    ADD CONSTRAINT policies_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.policy_changes
    ADD CONSTRAINT policy_changes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.rollup_days_pending
    ADD CONSTRAINT rollup_days_pending_pkey PRIMARY KEY (territory_id, kind, day);

ALTER TABLE ONLY public.rule_parameters
    ADD CONSTRAINT rule_parameters_pkey PRIMARY KEY (territory_id, rule_id);

ALTER TABLE ONLY public.rule_runs
    ADD CONSTRAINT rule_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.scope_areas
    ADD CONSTRAINT scope_areas_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.scope_areas
    ADD CONSTRAINT scope_areas_territory_id_name_key UNIQUE (territory_id, name);

ALTER TABLE ONLY public.sequence_gaps
    ADD CONSTRAINT sequence_gaps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.spare_stocks
    ADD CONSTRAINT spare_stocks_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.storage_features
    ADD CONSTRAINT storage_features_pkey PRIMARY KEY (feature);

ALTER TABLE ONLY public.territories
    ADD CONSTRAINT territories_code_key UNIQUE (code);

ALTER TABLE ONLY public.territories
    ADD CONSTRAINT territories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.token_territories
    ADD CONSTRAINT token_territories_pkey PRIMARY KEY (token_id, territory_id);

ALTER TABLE ONLY public.weather_observations
    ADD CONSTRAINT weather_observations_pkey PRIMARY KEY (territory_id, day);

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_token_sha256_key UNIQUE (token_sha256);

ALTER TABLE ONLY public.web_sign_in_links
    ADD CONSTRAINT web_sign_in_links_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.web_sign_in_links
    ADD CONSTRAINT web_sign_in_links_token_sha256_key UNIQUE (token_sha256);

ALTER TABLE ONLY public.web_used_links
    ADD CONSTRAINT web_used_links_pkey PRIMARY KEY (token_sha256);

ALTER TABLE ONLY public.worker_cursors
    ADD CONSTRAINT worker_cursors_pkey PRIMARY KEY (name);

CREATE INDEX action_scopes_action_idx ON public.action_scopes USING btree (action_id, role);

CREATE INDEX action_scopes_building_idx ON public.action_scopes USING btree (building_id) WHERE (building_id IS NOT NULL);

CREATE INDEX action_scopes_district_idx ON public.action_scopes USING btree (district_id) WHERE (district_id IS NOT NULL);

CREATE UNIQUE INDEX action_scopes_identity ON public.action_scopes USING btree (action_id, role, district_id, cabinet_id, light_point_id, building_id, in_district_id, public.vigie_street_key(street), existed_on, area_id) NULLS NOT DISTINCT;

CREATE INDEX actions_mission_idx ON public.actions USING btree (mission_id);

CREATE INDEX actions_pilot_idx ON public.actions USING btree (pilot_id);

CREATE INDEX activity_reports_subject_idx ON public.activity_reports USING btree (territory_id, subject_kind, subject_code, number DESC);

CREATE INDEX alert_events_alert_idx ON public.alert_events USING btree (alert_id, at);

CREATE INDEX alerts_grouped_in_idx ON public.alerts USING btree (grouped_in) WHERE (grouped_in IS NOT NULL);

CREATE INDEX alerts_live_action_counts_idx ON public.alerts USING btree (action_id) INCLUDE (territory_id, severity, state, routed_to, escalated_to) WHERE (state = ANY (ARRAY['open'::text, 'acknowledged'::text]));

CREATE INDEX alerts_live_action_idx ON public.alerts USING btree (action_id, id DESC) WHERE (state = ANY (ARRAY['open'::text, 'acknowledged'::text]));

CREATE INDEX alerts_live_rule_idx ON public.alerts USING btree (territory_id, rule_id) WHERE (state = ANY (ARRAY['open'::text, 'acknowledged'::text]));

CREATE UNIQUE INDEX alerts_one_live_idx ON public.alerts USING btree (rule_id, subject_kind, subject_id) WHERE (state = ANY (ARRAY['open'::text, 'acknowledged'::text]));

CREATE INDEX alerts_recent_idx ON public.alerts USING btree (first_seen DESC);

CREATE INDEX attached_files_action_idx ON public.attached_files USING btree (action_id) WHERE (action_id IS NOT NULL);

CREATE INDEX attached_files_mission_idx ON public.attached_files USING btree (mission_id) WHERE (mission_id IS NOT NULL);

CREATE INDEX building_daily_day_idx ON public.building_daily USING btree (day_start);

CREATE INDEX cabinet_readings_ts_brin ON ONLY public.cabinet_readings USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX cabinet_readings_default_ts_idx ON public.cabinet_readings_default USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX cabinet_rollups_daily_day_idx ON public.cabinet_rollups_daily USING btree (day);

CREATE INDEX dead_letters_file_rows_idx ON public.dead_letters USING btree (topic) WHERE (topic ~~ 'file:%'::text);

CREATE INDEX dead_letters_pending_idx ON public.dead_letters USING btree (error_kind, received_at) WHERE (replayed_at IS NULL);

CREATE INDEX dead_letters_received_at_idx ON public.dead_letters USING btree (received_at);

CREATE INDEX dead_letters_received_idx ON public.dead_letters USING btree (received_at);

CREATE INDEX district_lamp_daily_day_idx ON public.district_lamp_daily USING btree (day);

CREATE INDEX district_lamp_hourly_hour_idx ON public.district_lamp_hourly USING btree (hour_start);

CREATE INDEX effect_adjustments_action_idx ON public.effect_adjustments USING btree (action_id);

CREATE INDEX effects_newest_idx ON public.effects USING btree (action_id, method, reporting_end DESC, computed_at DESC, id DESC);

CREATE INDEX ingest_batches_committed_idx ON public.ingest_batches USING btree (committed_at);

CREATE INDEX lamp_readings_stored_ts_brin ON ONLY public.lamp_readings_stored USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX lamp_readings_default_ts_idx ON public.lamp_readings_stored_default USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX lamp_rollups_daily_day_idx ON public.lamp_rollups_daily USING btree (day);

CREATE INDEX lamp_rollups_hourly_hour_brin ON public.lamp_rollups_hourly USING brin (hour_start);

CREATE INDEX light_point_equipment_current_idx ON public.light_point_equipment USING btree (light_point_id) WHERE (valid_to IS NULL);

CREATE INDEX light_point_equipment_technology_idx ON public.light_point_equipment USING btree (technology) WHERE (valid_to IS NULL);

CREATE INDEX light_points_cabinet_idx ON public.light_points USING btree (cabinet_id);

CREATE INDEX light_points_district_idx ON public.light_points USING btree (district_id);

CREATE INDEX meteo_history_subject_idx ON public.meteo_history USING btree (subject_kind, subject_id, changed_at);

CREATE INDEX meter_readings_ts_brin ON ONLY public.meter_readings USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX meter_readings_default_ts_idx ON public.meter_readings_default USING brin (ts) WITH (pages_per_range='32');

CREATE INDEX meters_building_idx ON public.meters USING btree (building_id);

CREATE INDEX notification_alerts_notification_idx ON public.notification_alerts USING btree (notification_id);

CREATE INDEX notifications_due_idx ON public.notifications USING btree (next_attempt_at) WHERE (status = 'pending'::text);

CREATE INDEX person_territories_territory_idx ON public.person_territories USING btree (territory_id);

CREATE INDEX policy_changes_action_idx ON public.policy_changes USING btree (action_id, id) WHERE (action_id IS NOT NULL);

CREATE INDEX policy_changes_subject_idx ON public.policy_changes USING btree (subject, id);

CREATE INDEX rule_runs_job_idx ON public.rule_runs USING btree (job, started_at DESC);

CREATE INDEX sequence_gaps_detected_at_idx ON public.sequence_gaps USING btree (detected_at);

CREATE INDEX spare_stocks_latest_idx ON public.spare_stocks USING btree (territory_id, item, counted_at DESC);

CREATE INDEX web_sessions_person_idx ON public.web_sessions USING btree (person_id);

CREATE INDEX web_sign_in_links_expiry_idx ON public.web_sign_in_links USING btree (expires_at);

CREATE INDEX web_sign_in_requests_email_idx ON public.web_sign_in_requests USING btree (email_sha256, requested_at);

ALTER INDEX public.cabinet_readings_pkey ATTACH PARTITION public.cabinet_readings_default_pkey;

ALTER INDEX public.cabinet_readings_ts_brin ATTACH PARTITION public.cabinet_readings_default_ts_idx;

ALTER INDEX public.lamp_readings_stored_pkey ATTACH PARTITION public.lamp_readings_default_pkey;

ALTER INDEX public.lamp_readings_stored_ts_brin ATTACH PARTITION public.lamp_readings_default_ts_idx;

ALTER INDEX public.meter_readings_pkey ATTACH PARTITION public.meter_readings_default_pkey;

ALTER INDEX public.meter_readings_ts_brin ATTACH PARTITION public.meter_readings_default_ts_idx;

CREATE OR REPLACE VIEW reporting.policy_tree WITH (security_barrier='true') AS
 SELECT 'mission'::text AS level,
    m.code AS mission_code,
    m.title AS mission_title,
    NULL::text AS action_code,
    m.title,
    NULL::text AS status,
    lead.name AS person,
    (COALESCE(sum(l.planned_eur), (0)::numeric))::double precision AS planned_eur,
    (COALESCE(sum(l.committed_eur), (0)::numeric))::double precision AS committed_eur,
    (COALESCE(sum(l.spent_eur), (0)::numeric))::double precision AS spent_eur,
    COALESCE(mc.status, 'no_data'::text) AS meteo,
    mc.explanation AS meteo_explanation,
    t.code AS territory
   FROM (((((public.missions m
     JOIN public.policies po ON ((po.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = po.territory_id)))
     LEFT JOIN public.people lead ON ((lead.id = m.lead_id)))
     LEFT JOIN public.budget_lines l ON ((l.mission_id = m.id)))
     LEFT JOIN public.meteo_current mc ON (((mc.subject_kind = 'mission'::text) AND (mc.subject_id = m.id))))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]))
  GROUP BY m.id, lead.name, mc.status, mc.explanation, t.code
UNION ALL
 SELECT 'action'::text AS level,
    m.code AS mission_code,
    m.title AS mission_title,
    a.code AS action_code,
    a.title,
    a.status,
    pilot.name AS person,
    (COALESCE(sum(l.planned_eur), (0)::numeric))::double precision AS planned_eur,
    (COALESCE(sum(l.committed_eur), (0)::numeric))::double precision AS committed_eur,
    (COALESCE(sum(l.spent_eur), (0)::numeric))::double precision AS spent_eur,
    COALESCE(mc.status, 'no_data'::text) AS meteo,
    mc.explanation AS meteo_explanation,
    t.code AS territory
   FROM ((((((public.actions a
     JOIN public.missions m ON ((m.id = a.mission_id)))
     JOIN public.policies po ON ((po.id = m.policy_id)))
     JOIN public.territories t ON ((t.id = po.territory_id)))
     LEFT JOIN public.people pilot ON ((pilot.id = a.pilot_id)))
     LEFT JOIN public.budget_lines l ON ((l.action_id = a.id)))
     LEFT JOIN public.meteo_current mc ON (((mc.subject_kind = 'action'::text) AND (mc.subject_id = a.id))))
  WHERE (po.territory_id = ANY (( SELECT reporting.readable_territories() AS readable_territories)::smallint[]))
  GROUP BY a.id, m.code, m.title, pilot.name, mc.status, mc.explanation, t.code;

CREATE TRIGGER action_scopes_changes AFTER INSERT OR DELETE OR UPDATE ON public.action_scopes FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('action_id');

CREATE TRIGGER actions_changes AFTER INSERT OR DELETE OR UPDATE ON public.actions FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('id');

CREATE TRIGGER budget_lines_changes AFTER INSERT OR DELETE OR UPDATE ON public.budget_lines FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('action_id');

CREATE TRIGGER effect_adjustments_kept BEFORE UPDATE ON public.effect_adjustments FOR EACH ROW EXECUTE FUNCTION public.vigie_keep_adjustment();

CREATE TRIGGER indicator_targets_changes AFTER INSERT OR DELETE OR UPDATE ON public.indicator_targets FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('');

CREATE TRIGGER indicators_changes AFTER INSERT OR DELETE OR UPDATE ON public.indicators FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('action_id');

CREATE TRIGGER lamp_readings_insert INSTEAD OF INSERT ON public.lamp_readings FOR EACH ROW EXECUTE FUNCTION public.lamp_readings_insert();

CREATE TRIGGER light_points_district_move AFTER UPDATE OF district_id ON public.light_points FOR EACH ROW WHEN ((old.district_id IS DISTINCT FROM new.district_id)) EXECUTE FUNCTION public.district_lamp_daily_move();

CREATE TRIGGER light_points_district_move_hourly AFTER UPDATE OF district_id ON public.light_points FOR EACH ROW WHEN ((old.district_id IS DISTINCT FROM new.district_id)) EXECUTE FUNCTION public.district_lamp_hourly_move();

CREATE TRIGGER meters_building_move_daily AFTER UPDATE OF building_id, quantity ON public.meters FOR EACH ROW WHEN (((old.building_id IS DISTINCT FROM new.building_id) OR (old.quantity IS DISTINCT FROM new.quantity))) EXECUTE FUNCTION public.building_daily_meter_move();

CREATE TRIGGER missions_changes AFTER INSERT OR DELETE OR UPDATE ON public.missions FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('');

CREATE TRIGGER people_changes AFTER INSERT OR DELETE OR UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('');

CREATE TRIGGER person_roles_changes AFTER INSERT OR DELETE OR UPDATE ON public.person_roles FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('');

CREATE TRIGGER policies_changes AFTER INSERT OR DELETE OR UPDATE ON public.policies FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('');

CREATE TRIGGER scope_areas_changes AFTER INSERT OR DELETE ON public.scope_areas FOR EACH ROW EXECUTE FUNCTION public.vigie_record_policy_change('', 'rings', 'bounds');

CREATE TRIGGER scope_areas_updates AFTER UPDATE ON public.scope_areas FOR EACH ROW WHEN (((old.geometry IS DISTINCT FROM new.geometry) OR (old.name IS DISTINCT FROM new.name))) EXECUTE FUNCTION public.vigie_record_policy_change('', 'rings', 'bounds');

CREATE TRIGGER territories_zone_building_daily AFTER UPDATE OF timezone ON public.territories FOR EACH ROW WHEN ((old.timezone IS DISTINCT FROM new.timezone)) EXECUTE FUNCTION public.building_daily_territory_zone();

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.scope_areas(id);

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_building_id_fkey FOREIGN KEY (building_id) REFERENCES public.buildings(id);

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_cabinet_id_fkey FOREIGN KEY (cabinet_id) REFERENCES public.control_cabinets(id);

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_in_district_id_fkey FOREIGN KEY (in_district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.action_scopes
    ADD CONSTRAINT action_scopes_light_point_id_fkey FOREIGN KEY (light_point_id) REFERENCES public.light_points(id);

ALTER TABLE ONLY public.actions
    ADD CONSTRAINT actions_mission_id_fkey FOREIGN KEY (mission_id) REFERENCES public.missions(id);

ALTER TABLE ONLY public.actions
    ADD CONSTRAINT actions_pilot_id_fkey FOREIGN KEY (pilot_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.activity_reports
    ADD CONSTRAINT activity_reports_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.people(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.activity_reports
    ADD CONSTRAINT activity_reports_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.alert_recipients
    ADD CONSTRAINT alert_recipients_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_acknowledged_by_fkey FOREIGN KEY (acknowledged_by) REFERENCES public.people(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_escalated_to_fkey FOREIGN KEY (escalated_to) REFERENCES public.people(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_grouped_in_fkey FOREIGN KEY (grouped_in) REFERENCES public.alerts(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES public.people(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_routed_to_fkey FOREIGN KEY (routed_to) REFERENCES public.people(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.analyses
    ADD CONSTRAINT analyses_mission_id_fkey FOREIGN KEY (mission_id) REFERENCES public.missions(id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.attached_files
    ADD CONSTRAINT attached_files_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.attached_files
    ADD CONSTRAINT attached_files_mission_id_fkey FOREIGN KEY (mission_id) REFERENCES public.missions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.attached_files
    ADD CONSTRAINT attached_files_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES public.people(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.budget_lines
    ADD CONSTRAINT budget_lines_action_id_mission_id_fkey FOREIGN KEY (action_id, mission_id) REFERENCES public.actions(id, mission_id) ON DELETE CASCADE;

ALTER TABLE ONLY public.budget_lines
    ADD CONSTRAINT budget_lines_mission_id_fkey FOREIGN KEY (mission_id) REFERENCES public.missions(id);

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.communes(id);

ALTER TABLE ONLY public.buildings
    ADD CONSTRAINT buildings_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT communes_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.control_cabinets
    ADD CONSTRAINT control_cabinets_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.districts
    ADD CONSTRAINT districts_commune_id_fkey FOREIGN KEY (commune_id) REFERENCES public.communes(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_building_id_fkey FOREIGN KEY (building_id) REFERENCES public.buildings(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_cabinet_id_fkey FOREIGN KEY (cabinet_id) REFERENCES public.control_cabinets(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_light_point_id_fkey FOREIGN KEY (light_point_id) REFERENCES public.light_points(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public.people(id);

ALTER TABLE ONLY public.effect_adjustments
    ADD CONSTRAINT effect_adjustments_withdrawn_by_fkey FOREIGN KEY (withdrawn_by) REFERENCES public.people(id);

ALTER TABLE ONLY public.effects
    ADD CONSTRAINT effects_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.grafana_territory_roles
    ADD CONSTRAINT grafana_territory_roles_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.indicator_targets
    ADD CONSTRAINT indicator_targets_indicator_id_fkey FOREIGN KEY (indicator_id) REFERENCES public.indicators(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.indicator_values
    ADD CONSTRAINT indicator_values_entered_by_fkey FOREIGN KEY (entered_by) REFERENCES public.people(id);

ALTER TABLE ONLY public.indicator_values
    ADD CONSTRAINT indicator_values_indicator_id_fkey FOREIGN KEY (indicator_id) REFERENCES public.indicators(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.indicator_values
    ADD CONSTRAINT indicator_values_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.indicator_runs(id);

ALTER TABLE ONLY public.indicators
    ADD CONSTRAINT indicators_action_id_fkey FOREIGN KEY (action_id) REFERENCES public.actions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.indicators
    ADD CONSTRAINT indicators_mission_id_fkey FOREIGN KEY (mission_id) REFERENCES public.missions(id);

ALTER TABLE ONLY public.indicators
    ADD CONSTRAINT indicators_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES public.policies(id);

ALTER TABLE ONLY public.ingest_batch_territories
    ADD CONSTRAINT ingest_batch_territories_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.light_point_equipment
    ADD CONSTRAINT light_point_equipment_light_point_id_fkey FOREIGN KEY (light_point_id) REFERENCES public.light_points(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.light_points
    ADD CONSTRAINT light_points_cabinet_id_fkey FOREIGN KEY (cabinet_id) REFERENCES public.control_cabinets(id);

ALTER TABLE ONLY public.light_points
    ADD CONSTRAINT light_points_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.districts(id);

ALTER TABLE ONLY public.lighting_days
    ADD CONSTRAINT lighting_days_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meters
    ADD CONSTRAINT meters_building_id_fkey FOREIGN KEY (building_id) REFERENCES public.buildings(id);

ALTER TABLE ONLY public.missions
    ADD CONSTRAINT missions_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.missions
    ADD CONSTRAINT missions_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES public.policies(id);

ALTER TABLE ONLY public.notification_alerts
    ADD CONSTRAINT notification_alerts_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notification_alerts
    ADD CONSTRAINT notification_alerts_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES public.notifications(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notification_deliveries
    ADD CONSTRAINT notification_deliveries_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES public.notifications(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.operat_declarations
    ADD CONSTRAINT operat_declarations_building_id_fkey FOREIGN KEY (building_id) REFERENCES public.buildings(id);

ALTER TABLE ONLY public.person_roles
    ADD CONSTRAINT person_roles_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.person_territories
    ADD CONSTRAINT person_territories_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.person_territories
    ADD CONSTRAINT person_territories_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.policies
    ADD CONSTRAINT policies_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.policy_changes
    ADD CONSTRAINT policy_changes_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.rollup_days_pending
    ADD CONSTRAINT rollup_days_pending_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.rule_parameters
    ADD CONSTRAINT rule_parameters_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.rule_runs
    ADD CONSTRAINT rule_runs_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.scope_areas
    ADD CONSTRAINT scope_areas_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.spare_stocks
    ADD CONSTRAINT spare_stocks_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.token_territories
    ADD CONSTRAINT token_territories_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.token_territories
    ADD CONSTRAINT token_territories_token_id_fkey FOREIGN KEY (token_id) REFERENCES public.api_tokens(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.weather_observations
    ADD CONSTRAINT weather_observations_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id);

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.web_sessions
    ADD CONSTRAINT web_sessions_territory_id_fkey FOREIGN KEY (territory_id) REFERENCES public.territories(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.web_sign_in_links
    ADD CONSTRAINT web_sign_in_links_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.web_used_links
    ADD CONSTRAINT web_used_links_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.web_used_links
    ADD CONSTRAINT web_used_links_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;

GRANT USAGE ON SCHEMA public TO vigie_collector;
GRANT USAGE ON SCHEMA public TO vigie_worker;
GRANT USAGE ON SCHEMA public TO vigie_api;

GRANT USAGE ON SCHEMA reporting TO vigie_grafana;
GRANT USAGE ON SCHEMA reporting TO vigie_collector;
GRANT USAGE ON SCHEMA reporting TO vigie_worker;
GRANT USAGE ON SCHEMA reporting TO vigie_api;

REVOKE ALL ON FUNCTION public.vigie_cover_readings(p_table text, p_stamps timestamp with time zone[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.vigie_cover_readings(p_table text, p_stamps timestamp with time zone[]) TO vigie_collector;
GRANT ALL ON FUNCTION public.vigie_cover_readings(p_table text, p_stamps timestamp with time zone[]) TO vigie_worker;

REVOKE ALL ON FUNCTION public.vigie_create_partition(p_table text, p_start timestamp with time zone) FROM PUBLIC;

REVOKE ALL ON FUNCTION public.vigie_maintain_partitions() FROM PUBLIC;
GRANT ALL ON FUNCTION public.vigie_maintain_partitions() TO vigie_worker;

GRANT SELECT ON TABLE public.storage_features TO vigie_collector;
GRANT SELECT ON TABLE public.storage_features TO vigie_worker;
GRANT SELECT ON TABLE public.storage_features TO vigie_api;

GRANT ALL ON FUNCTION reporting.decree_path_factor(reference_year integer, year integer) TO vigie_grafana;

REVOKE ALL ON FUNCTION reporting.latest_lamp_readings(p_territory text, p_from timestamp with time zone, p_to timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION reporting.latest_lamp_readings(p_territory text, p_from timestamp with time zone, p_to timestamp with time zone) TO vigie_grafana;
GRANT ALL ON FUNCTION reporting.latest_lamp_readings(p_territory text, p_from timestamp with time zone, p_to timestamp with time zone) TO vigie_api;
GRANT ALL ON FUNCTION reporting.latest_lamp_readings(p_territory text, p_from timestamp with time zone, p_to timestamp with time zone) TO vigie_worker;

REVOKE ALL ON FUNCTION reporting.readable_territories() FROM PUBLIC;
GRANT ALL ON FUNCTION reporting.readable_territories() TO vigie_grafana;
GRANT ALL ON FUNCTION reporting.readable_territories() TO vigie_api;
GRANT ALL ON FUNCTION reporting.readable_territories() TO vigie_worker;

GRANT SELECT ON TABLE public.action_scopes TO vigie_collector;
GRANT SELECT ON TABLE public.action_scopes TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.action_scopes TO vigie_api;

GRANT SELECT ON TABLE public.communes TO vigie_collector;
GRANT SELECT ON TABLE public.communes TO vigie_worker;
GRANT SELECT ON TABLE public.communes TO vigie_api;

GRANT SELECT ON TABLE public.districts TO vigie_collector;
GRANT SELECT ON TABLE public.districts TO vigie_worker;
GRANT SELECT ON TABLE public.districts TO vigie_api;

GRANT SELECT ON TABLE public.light_point_equipment TO vigie_collector;
GRANT SELECT ON TABLE public.light_point_equipment TO vigie_worker;
GRANT SELECT ON TABLE public.light_point_equipment TO vigie_api;

GRANT SELECT ON TABLE public.light_points TO vigie_collector;
GRANT SELECT ON TABLE public.light_points TO vigie_worker;
GRANT SELECT ON TABLE public.light_points TO vigie_api;

GRANT SELECT ON TABLE public.scope_areas TO vigie_collector;
GRANT SELECT ON TABLE public.scope_areas TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.scope_areas TO vigie_api;

GRANT SELECT ON TABLE public.action_scope_members TO vigie_collector;
GRANT SELECT ON TABLE public.action_scope_members TO vigie_worker;
GRANT SELECT ON TABLE public.action_scope_members TO vigie_api;

GRANT SELECT ON TABLE public.action_scope_light_points TO vigie_collector;
GRANT SELECT ON TABLE public.action_scope_light_points TO vigie_worker;
GRANT SELECT ON TABLE public.action_scope_light_points TO vigie_api;

GRANT SELECT ON TABLE public.action_scope_points TO vigie_collector;
GRANT SELECT ON TABLE public.action_scope_points TO vigie_worker;
GRANT SELECT ON TABLE public.action_scope_points TO vigie_api;

GRANT SELECT ON TABLE public.lamp_rollups_daily TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.lamp_rollups_daily TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_rollups_daily TO vigie_api;

GRANT SELECT ON TABLE public.action_scope_rollups_daily TO vigie_collector;
GRANT SELECT ON TABLE public.action_scope_rollups_daily TO vigie_worker;
GRANT SELECT ON TABLE public.action_scope_rollups_daily TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.action_scopes_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.action_scopes_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.action_scopes_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.actions TO vigie_collector;
GRANT SELECT ON TABLE public.actions TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.actions TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.actions_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.actions_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.actions_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.activity_reports TO vigie_collector;
GRANT SELECT ON TABLE public.activity_reports TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.activity_reports TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.activity_reports_number_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.activity_reports_number_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.activity_reports_number_seq TO vigie_api;

GRANT SELECT ON TABLE public.aggregation_cursors TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.aggregation_cursors TO vigie_worker;
GRANT SELECT ON TABLE public.aggregation_cursors TO vigie_api;

GRANT SELECT ON TABLE public.alert_events TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alert_events TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alert_events TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.alert_events_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.alert_events_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.alert_events_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.alert_recipients TO vigie_collector;
GRANT SELECT ON TABLE public.alert_recipients TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alert_recipients TO vigie_api;

GRANT SELECT ON TABLE public.alerts TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alerts TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.alerts TO vigie_api;

GRANT SELECT ON TABLE public.buildings TO vigie_collector;
GRANT SELECT ON TABLE public.buildings TO vigie_worker;
GRANT SELECT ON TABLE public.buildings TO vigie_api;

GRANT SELECT ON TABLE public.control_cabinets TO vigie_collector;
GRANT SELECT ON TABLE public.control_cabinets TO vigie_worker;
GRANT SELECT ON TABLE public.control_cabinets TO vigie_api;

GRANT SELECT ON TABLE public.meters TO vigie_collector;
GRANT SELECT ON TABLE public.meters TO vigie_worker;
GRANT SELECT ON TABLE public.meters TO vigie_api;

GRANT SELECT ON TABLE public.alert_subjects TO vigie_worker;
GRANT SELECT ON TABLE public.alert_subjects TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.alerts_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.alerts_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.alerts_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.analyses TO vigie_collector;
GRANT SELECT ON TABLE public.analyses TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.analyses TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.analyses_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.analyses_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.analyses_id_seq TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.api_tokens TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.api_tokens_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.api_tokens_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.api_tokens_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.asset_territories TO vigie_collector;
GRANT SELECT ON TABLE public.asset_territories TO vigie_worker;
GRANT SELECT ON TABLE public.asset_territories TO vigie_api;

GRANT SELECT ON TABLE public.attached_files TO vigie_collector;
GRANT SELECT ON TABLE public.attached_files TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.attached_files TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.attached_files_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.attached_files_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.attached_files_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.budget_lines TO vigie_collector;
GRANT SELECT ON TABLE public.budget_lines TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.budget_lines TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.budget_lines_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.budget_lines_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.budget_lines_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.meter_consumption_daily TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.meter_consumption_daily TO vigie_worker;
GRANT SELECT ON TABLE public.meter_consumption_daily TO vigie_api;

GRANT SELECT ON TABLE public.building_consumption_daily TO vigie_collector;
GRANT SELECT ON TABLE public.building_consumption_daily TO vigie_worker;
GRANT SELECT ON TABLE public.building_consumption_daily TO vigie_api;

GRANT SELECT ON TABLE public.building_daily TO vigie_collector;
GRANT SELECT ON TABLE public.building_daily TO vigie_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.building_daily TO vigie_worker;

GRANT SELECT,USAGE ON SEQUENCE public.buildings_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.buildings_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.buildings_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.lamp_rollups_hourly TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.lamp_rollups_hourly TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_rollups_hourly TO vigie_api;

GRANT SELECT ON TABLE public.cabinet_lamp_rollups_hourly TO vigie_collector;
GRANT SELECT ON TABLE public.cabinet_lamp_rollups_hourly TO vigie_worker;
GRANT SELECT ON TABLE public.cabinet_lamp_rollups_hourly TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.cabinet_readings TO vigie_collector;
GRANT SELECT ON TABLE public.cabinet_readings TO vigie_worker;
GRANT SELECT ON TABLE public.cabinet_readings TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.cabinet_readings_default TO vigie_collector;
GRANT SELECT ON TABLE public.cabinet_readings_default TO vigie_worker;
GRANT SELECT ON TABLE public.cabinet_readings_default TO vigie_api;

GRANT SELECT ON TABLE public.cabinet_rollups_daily TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.cabinet_rollups_daily TO vigie_worker;
GRANT SELECT ON TABLE public.cabinet_rollups_daily TO vigie_api;

GRANT SELECT ON TABLE public.cabinet_rollups_hourly TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.cabinet_rollups_hourly TO vigie_worker;
GRANT SELECT ON TABLE public.cabinet_rollups_hourly TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.communes_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.communes_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.communes_id_seq TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.control_cabinets_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.control_cabinets_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.control_cabinets_id_seq TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.dead_letters TO vigie_collector;
GRANT SELECT ON TABLE public.dead_letters TO vigie_worker;
GRANT SELECT ON TABLE public.dead_letters TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.dead_letters_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.dead_letters_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.dead_letters_id_seq TO vigie_api;

GRANT SELECT,INSERT,UPDATE ON TABLE public.device_sequences TO vigie_collector;
GRANT SELECT ON TABLE public.device_sequences TO vigie_worker;
GRANT SELECT ON TABLE public.device_sequences TO vigie_api;

GRANT SELECT ON TABLE public.district_lamp_daily TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.district_lamp_daily TO vigie_worker;
GRANT SELECT ON TABLE public.district_lamp_daily TO vigie_api;

GRANT SELECT ON TABLE public.district_lamp_hourly TO vigie_collector;
GRANT SELECT ON TABLE public.district_lamp_hourly TO vigie_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.district_lamp_hourly TO vigie_worker;

GRANT SELECT ON TABLE public.district_rollups_daily TO vigie_collector;
GRANT SELECT ON TABLE public.district_rollups_daily TO vigie_worker;
GRANT SELECT ON TABLE public.district_rollups_daily TO vigie_api;

GRANT SELECT ON TABLE public.district_rollups_monthly TO vigie_collector;
GRANT SELECT ON TABLE public.district_rollups_monthly TO vigie_worker;
GRANT SELECT ON TABLE public.district_rollups_monthly TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.districts_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.districts_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.districts_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.effect_adjustments TO vigie_collector;
GRANT SELECT ON TABLE public.effect_adjustments TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.effect_adjustments TO vigie_api;

GRANT SELECT ON TABLE public.missions TO vigie_collector;
GRANT SELECT ON TABLE public.missions TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.missions TO vigie_api;

GRANT SELECT ON TABLE public.people TO vigie_collector;
GRANT SELECT ON TABLE public.people TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.people TO vigie_api;

GRANT SELECT ON TABLE public.policies TO vigie_collector;
GRANT SELECT ON TABLE public.policies TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.policies TO vigie_api;

GRANT SELECT ON TABLE public.effect_adjustment_log TO vigie_collector;
GRANT SELECT ON TABLE public.effect_adjustment_log TO vigie_worker;
GRANT SELECT ON TABLE public.effect_adjustment_log TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.effect_adjustments_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.effect_adjustments_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.effect_adjustments_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.effects TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.effects TO vigie_worker;
GRANT SELECT ON TABLE public.effects TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.effects_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.effects_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.effects_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.effects_latest TO vigie_collector;
GRANT SELECT ON TABLE public.effects_latest TO vigie_worker;
GRANT SELECT ON TABLE public.effects_latest TO vigie_api;

GRANT SELECT ON TABLE public.grafana_territory_roles TO vigie_api;
GRANT SELECT ON TABLE public.grafana_territory_roles TO vigie_worker;

GRANT SELECT ON TABLE public.indicator_runs TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicator_runs TO vigie_worker;
GRANT SELECT ON TABLE public.indicator_runs TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.indicator_runs_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.indicator_runs_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.indicator_runs_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.indicator_targets TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicator_targets TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicator_targets TO vigie_api;

GRANT SELECT ON TABLE public.indicator_values TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicator_values TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicator_values TO vigie_api;

GRANT SELECT ON TABLE public.indicators TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicators TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.indicators TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.indicators_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.indicators_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.indicators_id_seq TO vigie_api;

GRANT INSERT ON TABLE public.ingest_batch_territories TO vigie_collector;
GRANT SELECT ON TABLE public.ingest_batch_territories TO vigie_worker;
GRANT SELECT ON TABLE public.ingest_batch_territories TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.ingest_batches TO vigie_collector;
GRANT SELECT ON TABLE public.ingest_batches TO vigie_worker;
GRANT SELECT ON TABLE public.ingest_batches TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.ingest_batches_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.ingest_batches_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.ingest_batches_id_seq TO vigie_api;

GRANT SELECT,INSERT,UPDATE ON TABLE public.lamp_latest TO vigie_collector;
GRANT SELECT ON TABLE public.lamp_latest TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_latest TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.lamp_readings_stored TO vigie_collector;
GRANT SELECT ON TABLE public.lamp_readings_stored TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_readings_stored TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.lamp_readings TO vigie_collector;
GRANT SELECT ON TABLE public.lamp_readings TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_readings TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.lamp_readings_stored_default TO vigie_collector;
GRANT SELECT ON TABLE public.lamp_readings_stored_default TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_readings_stored_default TO vigie_api;

GRANT SELECT ON TABLE public.lamp_rollups_monthly TO vigie_collector;
GRANT SELECT ON TABLE public.lamp_rollups_monthly TO vigie_worker;
GRANT SELECT ON TABLE public.lamp_rollups_monthly TO vigie_api;

GRANT SELECT ON TABLE public.light_points_current TO vigie_collector;
GRANT SELECT ON TABLE public.light_points_current TO vigie_worker;
GRANT SELECT ON TABLE public.light_points_current TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.light_points_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.light_points_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.light_points_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.lighting_days TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.lighting_days TO vigie_worker;
GRANT SELECT ON TABLE public.lighting_days TO vigie_api;

GRANT SELECT ON TABLE public.meteo_history TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.meteo_history TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.meteo_history TO vigie_api;

GRANT SELECT ON TABLE public.meteo_current TO vigie_collector;
GRANT SELECT ON TABLE public.meteo_current TO vigie_worker;
GRANT SELECT ON TABLE public.meteo_current TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.meteo_history_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.meteo_history_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.meteo_history_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.meter_consumption_monthly TO vigie_collector;
GRANT SELECT ON TABLE public.meter_consumption_monthly TO vigie_worker;
GRANT SELECT ON TABLE public.meter_consumption_monthly TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.meter_readings TO vigie_collector;
GRANT SELECT ON TABLE public.meter_readings TO vigie_worker;
GRANT SELECT ON TABLE public.meter_readings TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.meter_readings_default TO vigie_collector;
GRANT SELECT ON TABLE public.meter_readings_default TO vigie_worker;
GRANT SELECT ON TABLE public.meter_readings_default TO vigie_api;

GRANT SELECT ON TABLE public.meter_rollups_hourly TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.meter_rollups_hourly TO vigie_worker;
GRANT SELECT ON TABLE public.meter_rollups_hourly TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.meters_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.meters_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.meters_id_seq TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.missions_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.missions_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.missions_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.notification_alerts TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.notification_alerts TO vigie_worker;
GRANT SELECT ON TABLE public.notification_alerts TO vigie_api;

GRANT SELECT ON TABLE public.notification_deliveries TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.notification_deliveries TO vigie_worker;
GRANT SELECT ON TABLE public.notification_deliveries TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.notification_deliveries_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.notification_deliveries_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.notification_deliveries_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.notifications TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.notifications TO vigie_worker;
GRANT SELECT ON TABLE public.notifications TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.notifications_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.notifications_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.notifications_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.operat_declarations TO vigie_collector;
GRANT SELECT ON TABLE public.operat_declarations TO vigie_worker;
GRANT SELECT ON TABLE public.operat_declarations TO vigie_api;

GRANT SELECT ON TABLE public.partition_policies TO vigie_collector;
GRANT SELECT ON TABLE public.partition_policies TO vigie_worker;
GRANT SELECT ON TABLE public.partition_policies TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.people_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.people_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.people_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.person_roles TO vigie_collector;
GRANT SELECT ON TABLE public.person_roles TO vigie_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.person_roles TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.person_territories TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.policies_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.policies_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.policies_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.policy_changes TO vigie_collector;
GRANT SELECT,INSERT ON TABLE public.policy_changes TO vigie_worker;
GRANT SELECT,INSERT ON TABLE public.policy_changes TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.policy_changes_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.policy_changes_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.policy_changes_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.rollup_days_pending TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.rollup_days_pending TO vigie_worker;
GRANT SELECT ON TABLE public.rollup_days_pending TO vigie_api;

GRANT SELECT ON TABLE public.rule_parameters TO vigie_collector;
GRANT SELECT ON TABLE public.rule_parameters TO vigie_worker;
GRANT SELECT ON TABLE public.rule_parameters TO vigie_api;

GRANT SELECT ON TABLE public.rule_runs TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.rule_runs TO vigie_worker;
GRANT SELECT ON TABLE public.rule_runs TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.rule_runs_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.rule_runs_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.rule_runs_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.schema_migrations TO vigie_collector;
GRANT SELECT ON TABLE public.schema_migrations TO vigie_worker;
GRANT SELECT ON TABLE public.schema_migrations TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.scope_areas_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.scope_areas_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.scope_areas_id_seq TO vigie_api;

GRANT SELECT,INSERT ON TABLE public.sequence_gaps TO vigie_collector;
GRANT SELECT ON TABLE public.sequence_gaps TO vigie_worker;
GRANT SELECT ON TABLE public.sequence_gaps TO vigie_api;

GRANT SELECT ON TABLE public.spare_stocks TO vigie_collector;
GRANT SELECT ON TABLE public.spare_stocks TO vigie_worker;
GRANT SELECT ON TABLE public.spare_stocks TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.spare_stocks_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.spare_stocks_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.spare_stocks_id_seq TO vigie_api;

GRANT SELECT ON TABLE public.territories TO vigie_collector;
GRANT SELECT ON TABLE public.territories TO vigie_worker;
GRANT SELECT ON TABLE public.territories TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.territories_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.territories_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.territories_id_seq TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.token_territories TO vigie_api;

GRANT SELECT ON TABLE public.weather_observations TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.weather_observations TO vigie_worker;
GRANT SELECT ON TABLE public.weather_observations TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.web_sessions TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.web_sessions_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.web_sessions_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.web_sessions_id_seq TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.web_sign_in_links TO vigie_api;

GRANT SELECT,USAGE ON SEQUENCE public.web_sign_in_links_id_seq TO vigie_collector;
GRANT SELECT,USAGE ON SEQUENCE public.web_sign_in_links_id_seq TO vigie_worker;
GRANT SELECT,USAGE ON SEQUENCE public.web_sign_in_links_id_seq TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.web_sign_in_requests TO vigie_api;

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.web_used_links TO vigie_api;

GRANT SELECT ON TABLE public.worker_cursors TO vigie_collector;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.worker_cursors TO vigie_worker;
GRANT SELECT ON TABLE public.worker_cursors TO vigie_api;

GRANT SELECT ON TABLE reporting.action_milestones TO vigie_grafana;
GRANT SELECT ON TABLE reporting.action_milestones TO vigie_worker;
GRANT SELECT ON TABLE reporting.action_milestones TO vigie_api;

GRANT SELECT ON TABLE reporting.actions TO vigie_grafana;
GRANT SELECT ON TABLE reporting.actions TO vigie_worker;
GRANT SELECT ON TABLE reporting.actions TO vigie_api;

GRANT SELECT ON TABLE reporting.alerts TO vigie_grafana;
GRANT SELECT ON TABLE reporting.alerts TO vigie_worker;
GRANT SELECT ON TABLE reporting.alerts TO vigie_api;

GRANT SELECT ON TABLE reporting.building_daily TO vigie_grafana;
GRANT SELECT ON TABLE reporting.building_daily TO vigie_worker;
GRANT SELECT ON TABLE reporting.building_daily TO vigie_api;

GRANT SELECT ON TABLE reporting.building_energy_daily TO vigie_grafana;
GRANT SELECT ON TABLE reporting.building_energy_daily TO vigie_worker;
GRANT SELECT ON TABLE reporting.building_energy_daily TO vigie_api;

GRANT SELECT ON TABLE reporting.buildings TO vigie_grafana;
GRANT SELECT ON TABLE reporting.buildings TO vigie_worker;
GRANT SELECT ON TABLE reporting.buildings TO vigie_api;

GRANT SELECT ON TABLE reporting.dead_letters TO vigie_grafana;
GRANT SELECT ON TABLE reporting.dead_letters TO vigie_worker;
GRANT SELECT ON TABLE reporting.dead_letters TO vigie_api;

GRANT SELECT ON TABLE reporting.decree_trajectory TO vigie_grafana;
GRANT SELECT ON TABLE reporting.decree_trajectory TO vigie_worker;
GRANT SELECT ON TABLE reporting.decree_trajectory TO vigie_api;

GRANT SELECT ON TABLE reporting.degree_days TO vigie_grafana;
GRANT SELECT ON TABLE reporting.degree_days TO vigie_worker;
GRANT SELECT ON TABLE reporting.degree_days TO vigie_api;

GRANT SELECT ON TABLE reporting.device_last_seen TO vigie_grafana;
GRANT SELECT ON TABLE reporting.device_last_seen TO vigie_worker;
GRANT SELECT ON TABLE reporting.device_last_seen TO vigie_api;

GRANT SELECT ON TABLE reporting.district_energy_daily TO vigie_grafana;
GRANT SELECT ON TABLE reporting.district_energy_daily TO vigie_worker;
GRANT SELECT ON TABLE reporting.district_energy_daily TO vigie_api;

GRANT SELECT ON TABLE reporting.district_energy_hourly TO vigie_grafana;
GRANT SELECT ON TABLE reporting.district_energy_hourly TO vigie_worker;
GRANT SELECT ON TABLE reporting.district_energy_hourly TO vigie_api;

GRANT SELECT ON TABLE reporting.districts TO vigie_grafana;
GRANT SELECT ON TABLE reporting.districts TO vigie_worker;
GRANT SELECT ON TABLE reporting.districts TO vigie_api;

GRANT SELECT ON TABLE reporting.effects TO vigie_grafana;
GRANT SELECT ON TABLE reporting.effects TO vigie_worker;
GRANT SELECT ON TABLE reporting.effects TO vigie_api;

GRANT SELECT ON TABLE reporting.hps_equipment TO vigie_grafana;
GRANT SELECT ON TABLE reporting.hps_equipment TO vigie_worker;
GRANT SELECT ON TABLE reporting.hps_equipment TO vigie_api;

GRANT SELECT ON TABLE reporting.indicators TO vigie_grafana;
GRANT SELECT ON TABLE reporting.indicators TO vigie_worker;
GRANT SELECT ON TABLE reporting.indicators TO vigie_api;

GRANT SELECT ON TABLE reporting.indicator_standings TO vigie_grafana;
GRANT SELECT ON TABLE reporting.indicator_standings TO vigie_worker;
GRANT SELECT ON TABLE reporting.indicator_standings TO vigie_api;

GRANT SELECT ON TABLE reporting.indicator_targets TO vigie_grafana;
GRANT SELECT ON TABLE reporting.indicator_targets TO vigie_worker;
GRANT SELECT ON TABLE reporting.indicator_targets TO vigie_api;

GRANT SELECT ON TABLE reporting.indicator_values TO vigie_grafana;
GRANT SELECT ON TABLE reporting.indicator_values TO vigie_worker;
GRANT SELECT ON TABLE reporting.indicator_values TO vigie_api;

GRANT SELECT ON TABLE reporting.ingest_batches TO vigie_grafana;
GRANT SELECT ON TABLE reporting.ingest_batches TO vigie_worker;
GRANT SELECT ON TABLE reporting.ingest_batches TO vigie_api;

GRANT SELECT ON TABLE reporting.lamp_latest TO vigie_grafana;
GRANT SELECT ON TABLE reporting.lamp_latest TO vigie_worker;
GRANT SELECT ON TABLE reporting.lamp_latest TO vigie_api;

GRANT SELECT ON TABLE reporting.lamp_readings TO vigie_grafana;
GRANT SELECT ON TABLE reporting.lamp_readings TO vigie_worker;
GRANT SELECT ON TABLE reporting.lamp_readings TO vigie_api;

GRANT SELECT ON TABLE reporting.light_points TO vigie_grafana;
GRANT SELECT ON TABLE reporting.light_points TO vigie_worker;
GRANT SELECT ON TABLE reporting.light_points TO vigie_api;

GRANT SELECT ON TABLE reporting.meter_hourly TO vigie_grafana;
GRANT SELECT ON TABLE reporting.meter_hourly TO vigie_worker;
GRANT SELECT ON TABLE reporting.meter_hourly TO vigie_api;

GRANT SELECT ON TABLE reporting.meter_readings TO vigie_grafana;
GRANT SELECT ON TABLE reporting.meter_readings TO vigie_worker;
GRANT SELECT ON TABLE reporting.meter_readings TO vigie_api;

GRANT SELECT ON TABLE reporting.missions TO vigie_grafana;
GRANT SELECT ON TABLE reporting.missions TO vigie_worker;
GRANT SELECT ON TABLE reporting.missions TO vigie_api;

GRANT SELECT ON TABLE reporting.policy_tree TO vigie_grafana;
GRANT SELECT ON TABLE reporting.policy_tree TO vigie_worker;
GRANT SELECT ON TABLE reporting.policy_tree TO vigie_api;

GRANT SELECT ON TABLE reporting.territories TO vigie_grafana;
GRANT SELECT ON TABLE reporting.territories TO vigie_worker;
GRANT SELECT ON TABLE reporting.territories TO vigie_api;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA reporting GRANT SELECT ON TABLES  TO vigie_grafana;
