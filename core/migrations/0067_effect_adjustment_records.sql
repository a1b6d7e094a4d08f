-- Non-routine adjustments recorded by people, written once for every program that records them
-- (the API, `vigie adjustments`); what a value may be is checked before, in core/adjustments.py,
-- and again by the table's constraints (0064).
--
-- * vigie_record_adjustment stores an adjustment of an action's baseline, its asset named by
--   kind (district, cabinet, light_point, building) and code. The asset must belong to the
--   action's territory: the function returns the new id, or NULL when the territory has no such
--   asset (nothing is stored). An adjustment names the person who recorded it.
-- * vigie_withdraw_adjustment withdraws one: the row stays, with who withdrew it, when and why,
--   and the effects computed from then on leave it out. It returns one row (adjustment_id,
--   withdrawn_at, changed): changed is false when it was already withdrawn (withdrawn_at says
--   since when); no row when the action has no such adjustment.
-- * A recorded adjustment never changes: only its withdrawal is written, once (a trigger).
-- * effect_adjustment_log: every adjustment with its action, asset and people, for display.
--
-- Every computation of an effect is kept (0063), so effects_latest, the newest of each action's
-- effect by each method, would sort the whole table on each read (1.4 s at 175,000 rows): an
-- index in its order serves it (TimescaleDB's skip scan jumps from one action and method to
-- the next; plain PostgreSQL reads the index alone).

CREATE INDEX effects_newest_idx
    ON effects (action_id, method, reporting_end DESC, computed_at DESC, id DESC);

ALTER TABLE effect_adjustments
    ADD COLUMN withdrawal_reason text CHECK (length(btrim(withdrawal_reason)) > 0),
    ADD CHECK (withdrawn_at IS NOT NULL OR (withdrawn_by IS NULL AND withdrawal_reason IS NULL));

CREATE FUNCTION vigie_record_adjustment(
    p_action_id     integer,
    p_kind          text,
    p_starts_on     date,
    p_ends_on       date,
    p_kwh_per_year  double precision,
    p_asset_kind    text,
    p_asset_code    text,
    p_reason        text,
    p_person_id     integer
) RETURNS integer
LANGUAGE plpgsql AS $function$
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
$function$;

CREATE FUNCTION vigie_withdraw_adjustment(
    p_adjustment_id  integer,
    p_action_id      integer,
    p_person_id      integer,
    p_reason         text,
    p_at             timestamptz DEFAULT now()
) RETURNS TABLE (adjustment_id integer, withdrawn_at timestamptz, changed boolean)
LANGUAGE plpgsql AS $function$
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
$function$;

CREATE FUNCTION vigie_keep_adjustment() RETURNS trigger
LANGUAGE plpgsql AS $function$
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
$function$;

CREATE TRIGGER effect_adjustments_kept
    BEFORE UPDATE ON effect_adjustments
    FOR EACH ROW EXECUTE FUNCTION vigie_keep_adjustment();

CREATE VIEW effect_adjustment_log AS
SELECT ea.id, ea.action_id, a.code AS action_code, po.territory_id, ea.kind, ea.starts_on,
       ea.ends_on, ea.kwh_per_year,
       CASE WHEN ea.district_id IS NOT NULL THEN 'district'
            WHEN ea.cabinet_id IS NOT NULL THEN 'cabinet'
            WHEN ea.light_point_id IS NOT NULL THEN 'light_point'
            WHEN ea.building_id IS NOT NULL THEN 'building' END AS asset_kind,
       coalesce(d.code, cc.code, lp.code, b.code) AS asset_code,
       ea.reason, ea.recorded_by, rp.name AS recorded_by_name, ea.recorded_at,
       ea.withdrawn_at, ea.withdrawn_by, wp.name AS withdrawn_by_name, ea.withdrawal_reason
FROM effect_adjustments ea
JOIN actions a ON a.id = ea.action_id
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
LEFT JOIN districts d ON d.id = ea.district_id
LEFT JOIN control_cabinets cc ON cc.id = ea.cabinet_id
LEFT JOIN light_points lp ON lp.id = ea.light_point_id
LEFT JOIN buildings b ON b.id = ea.building_id
LEFT JOIN people rp ON rp.id = ea.recorded_by
LEFT JOIN people wp ON wp.id = ea.withdrawn_by;

COMMENT ON FUNCTION vigie_record_adjustment(integer, text, date, date, double precision, text,
                                            text, text, integer) IS
    'Record a non-routine adjustment of an action''s baseline: its id, or NULL when the action''s territory has no such asset.';
COMMENT ON FUNCTION vigie_withdraw_adjustment(integer, integer, integer, text, timestamptz) IS
    'Withdraw an action''s adjustment, kept with who, when and why: changed is false when it already was; no row when there is no such one.';
COMMENT ON VIEW effect_adjustment_log IS
    'Every recorded non-routine adjustment with its action, territory, asset and the people who recorded and withdrew it.';
