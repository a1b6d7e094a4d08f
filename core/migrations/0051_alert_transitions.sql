-- What people do to an alert, written once for every program that does it (the API, the
-- `vigie alerts` commands, rules.lifecycle):
--
--     open ──acknowledge──▶ acknowledged ──resolve──▶ resolved ──close──▶ closed
--       └──────────────────────resolve─────────────────────▲
--
-- vigie_alert_transition locks the alert, checks that the change is legal from its current
-- state, records who and when in the alert (acknowledged_by/at, resolved_by/at, closed_at), keeps
-- the comment when one is given, writes one alert_events row, and returns one row:
--
--     alert_id, state (after the call), changed
--
-- changed is false when the change is not legal from that state: the alert is left as it was and
-- state says why. No row means there is no such alert. An unknown change is an error.
-- vigie_acknowledge_alert, vigie_resolve_alert and vigie_close_alert name the three changes.

CREATE FUNCTION vigie_alert_transition(
    p_alert_id   bigint,
    p_change     text,
    p_person_id  integer,
    p_comment    text,
    p_at         timestamptz DEFAULT now()
) RETURNS TABLE (alert_id bigint, state text, changed boolean)
LANGUAGE plpgsql AS $function$
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
$function$;

COMMENT ON FUNCTION vigie_alert_transition(bigint, text, integer, text, timestamptz) IS
    'Acknowledge, resolve or close an alert if its state allows it; (alert_id, state, changed).';

CREATE FUNCTION vigie_acknowledge_alert(
    p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamptz DEFAULT now()
) RETURNS TABLE (alert_id bigint, state text, changed boolean)
LANGUAGE sql AS $function$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'acknowledge', p_person_id, p_comment, p_at)
$function$;

COMMENT ON FUNCTION vigie_acknowledge_alert(bigint, integer, text, timestamptz) IS
    'open -> acknowledged, by a person, with an optional comment.';

CREATE FUNCTION vigie_resolve_alert(
    p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamptz DEFAULT now()
) RETURNS TABLE (alert_id bigint, state text, changed boolean)
LANGUAGE sql AS $function$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'resolve', p_person_id, p_comment, p_at)
$function$;

COMMENT ON FUNCTION vigie_resolve_alert(bigint, integer, text, timestamptz) IS
    'open or acknowledged -> resolved by hand, with what was done.';

CREATE FUNCTION vigie_close_alert(
    p_alert_id bigint, p_person_id integer, p_comment text, p_at timestamptz DEFAULT now()
) RETURNS TABLE (alert_id bigint, state text, changed boolean)
LANGUAGE sql AS $function$
    SELECT * FROM vigie_alert_transition(p_alert_id, 'close', p_person_id, p_comment, p_at)
$function$;

COMMENT ON FUNCTION vigie_close_alert(bigint, integer, text, timestamptz) IS
    'resolved -> closed: nothing more to do or say about the alert.';
