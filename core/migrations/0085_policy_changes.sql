-- Who may hold which role of the API, and the history of every change to the policy.
--
-- * person_roles: the roles of the API (admin, pilot, evaluator, viewer) a person holds. A token
--   made for a person who holds roles must carry one of them (`vigie token create`); a person
--   with none declared is not restricted, as before roles were recorded.
-- * policy_changes: one row per row written in the policy's tables (policies, missions, actions,
--   budgets, scopes, drawn areas, indicators, targets, people, roles), by whichever program
--   wrote it: when, who (the person the writing program named, if any), through what (the API,
--   a file import, or the program's application name), the table, the operation, and the
--   values before and after (for an update, only the columns that changed). A trigger writes
--   it, so no writer can forget to. A program names the author of its transaction's changes
--   with set_config('vigie.person_id', ..., true) and set_config('vigie.change_source', ...,
--   true). An update that changes nothing is not recorded.

CREATE TABLE person_roles (
    person_id  integer NOT NULL REFERENCES people ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('admin', 'pilot', 'evaluator', 'viewer')),
    PRIMARY KEY (person_id, role)
);

CREATE TABLE policy_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    person_id   integer REFERENCES people ON DELETE SET NULL,
    source      text NOT NULL,
    subject     text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    -- The action the row belongs to, when it belongs to one; no foreign key, so that the
    -- history of a deleted action stays.
    action_id   integer,
    before      jsonb CHECK (jsonb_typeof(before) = 'object'),
    after       jsonb CHECK (jsonb_typeof(after) = 'object'),
    CHECK ((operation = 'insert') = (before IS NULL)),
    CHECK ((operation = 'delete') = (after IS NULL))
);
CREATE INDEX policy_changes_action_idx ON policy_changes (action_id, id)
    WHERE action_id IS NOT NULL;
CREATE INDEX policy_changes_subject_idx ON policy_changes (subject, id);

-- TG_ARGV[0]: the column holding the row's action id ('' when the table has none); the other
-- arguments: columns left out of the record (derived ones).
CREATE FUNCTION vigie_record_policy_change() RETURNS trigger
LANGUAGE plpgsql AS $function$
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
$function$;

COMMENT ON FUNCTION vigie_record_policy_change() IS
    'Trigger: record a change to a policy table in policy_changes, with its author.';

CREATE TRIGGER policies_changes AFTER INSERT OR UPDATE OR DELETE ON policies
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('');
CREATE TRIGGER missions_changes AFTER INSERT OR UPDATE OR DELETE ON missions
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('');
CREATE TRIGGER actions_changes AFTER INSERT OR UPDATE OR DELETE ON actions
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('id');
CREATE TRIGGER budget_lines_changes AFTER INSERT OR UPDATE OR DELETE ON budget_lines
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('action_id');
CREATE TRIGGER action_scopes_changes AFTER INSERT OR UPDATE OR DELETE ON action_scopes
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('action_id');
CREATE TRIGGER indicators_changes AFTER INSERT OR UPDATE OR DELETE ON indicators
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('action_id');
CREATE TRIGGER indicator_targets_changes AFTER INSERT OR UPDATE OR DELETE ON indicator_targets
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('');
CREATE TRIGGER people_changes AFTER INSERT OR UPDATE OR DELETE ON people
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('');
CREATE TRIGGER person_roles_changes AFTER INSERT OR UPDATE OR DELETE ON person_roles
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('');
