-- vigie_json_timestamp(ts): a timestamptz as the API's JSON writes it, so that a page built in
-- SQL (api/sql/alerts_json.sql) reads exactly like one its models encode: ISO 8601 in the
-- session's time zone, the microseconds only when there are some, "Z" for a zero offset.
--     2026-03-03T03:10:25Z, 2026-03-03T04:10:25.560072+01:00
-- A SQL function of one expression, inlined where it is used (hence not STRICT: null gives
-- null all the same). STABLE: it reads TimeZone.

CREATE FUNCTION vigie_json_timestamp(p_ts timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $function$
    SELECT to_char(p_ts, 'YYYY-MM-DD"T"HH24:MI:SS')
           || CASE WHEN date_trunc('second', p_ts) = p_ts THEN '' ELSE to_char(p_ts, '.US') END
           || CASE WHEN extract(timezone FROM p_ts) = 0 THEN 'Z' ELSE to_char(p_ts, 'TZH:TZM') END
$function$;
