-- Open an alert for each firing subject, or count one more occurrence on its live alert. The
-- unique partial index alerts_one_live_idx makes concurrent raisers meet on one row.
WITH incoming AS (
    SELECT *
    FROM unnest(%(subject_ids)s::integer[], %(severities)s::text[], %(summaries)s::text[],
                %(group_keys)s::text[], %(details)s::jsonb[])
         AS i (subject_id, severity, summary, group_key, details)
    ORDER BY subject_id
),
upserted AS (
    INSERT INTO alerts AS a (territory_id, rule_id, domain, subject_kind, subject_id, severity,
                             summary, details, group_key, first_seen, last_seen)
    SELECT %(territory_id)s, %(rule_id)s, %(domain)s, %(subject_kind)s, subject_id, severity,
           summary, details, group_key, %(now)s, %(now)s
    FROM incoming
    ON CONFLICT (rule_id, subject_kind, subject_id) WHERE state IN ('open', 'acknowledged')
    DO UPDATE SET
        last_seen = greatest(a.last_seen, EXCLUDED.last_seen),
        occurrences = a.occurrences + 1,
        clear_streak = 0,
        summary = EXCLUDED.summary,
        details = EXCLUDED.details,
        severity = CASE
            WHEN array_position(%(scale)s::text[], EXCLUDED.severity)
                 > array_position(%(scale)s::text[], a.severity) THEN EXCLUDED.severity
            ELSE a.severity END
    RETURNING a.id, (a.xmax = 0) AS opened
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind)
    SELECT id, %(now)s, 'opened' FROM upserted WHERE opened
)
SELECT id, opened FROM upserted
