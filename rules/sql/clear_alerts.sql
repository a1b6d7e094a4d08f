-- Count one more clear evaluation on the live alerts of a rule whose subject is cleared (named
-- in cleared_ids, or, for a whole-fleet rule, absent from held_ids); resolve those that have
-- been clear clear_after times running.
WITH cleared AS (
    UPDATE alerts
    SET clear_streak = clear_streak + 1,
        state = CASE WHEN clear_streak + 1 >= %(clear_after)s THEN 'resolved' ELSE state END,
        resolved_at = CASE WHEN clear_streak + 1 >= %(clear_after)s THEN %(now)s::timestamptz
                           ELSE resolved_at END
    WHERE territory_id = %(territory_id)s
      AND rule_id = %(rule_id)s
      AND subject_kind = %(subject_kind)s
      AND state IN ('open', 'acknowledged')
      AND (subject_id = ANY(%(cleared_ids)s::integer[])
           OR (%(whole_fleet)s AND NOT subject_id = ANY(%(held_ids)s::integer[])))
    RETURNING id, state
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind, comment)
    SELECT id, %(now)s, 'resolved', 'condition cleared' FROM cleared WHERE state = 'resolved'
)
SELECT id FROM cleared WHERE state = 'resolved'
