-- The alerts of alerts.sql (put in place below, with all its filters), as the
-- JSON text of a list of AlertOut built by PostgreSQL: how many, the last id (the page's
-- cursor) and the items, newest first. The keys come in AlertOut's order and the timestamps
-- are written as its encoder writes them (vigie_json_timestamp), so that the API sends this
-- text as it is instead of decoding, validating and encoding each row in Python.
SELECT count(*) AS listed, min(j.id) AS last_id,
       '[' || coalesce(string_agg(row_to_json(j)::text, ',' ORDER BY j.id DESC), '') || ']'
           AS items
FROM (
    SELECT a.id, a.rule_id, a.domain, a.subject_kind, a.subject_code, a.district_code,
           a.severity, a.state, a.summary, a.details,
           vigie_json_timestamp(a.first_seen) AS first_seen,
           vigie_json_timestamp(a.last_seen) AS last_seen, a.occurrences, a.routed_to,
           a.routed_to_name, a.routed_via, a.action_code, a.mission_code, a.acknowledged_by,
           vigie_json_timestamp(a.acknowledged_at) AS acknowledged_at, a.resolved_by,
           vigie_json_timestamp(a.resolved_at) AS resolved_at,
           vigie_json_timestamp(a.closed_at) AS closed_at, a.comment, a.escalated_to,
           vigie_json_timestamp(a.escalated_at) AS escalated_at
    FROM (
{alerts}
    ) a
) j
