-- An inbox's alerts: of the alerts counted by web_inbox_counts.sql (same predicate), the newest
-- %(shown)s of each action and rule, with their subject's code and district.
WITH visible AS (
    SELECT a.id, a.rule_id, a.severity, a.state, a.summary, a.subject_kind, a.subject_id,
           a.first_seen, ac.code AS action_code,
           row_number() OVER (PARTITION BY a.action_id, a.rule_id ORDER BY a.id DESC) AS rank
    FROM alerts a
    LEFT JOIN actions ac ON ac.id = a.action_id
    WHERE a.territory_id = %(territory_id)s
      AND (%(person_id)s::integer IS NULL OR a.routed_to = %(person_id)s
           OR a.escalated_to = %(person_id)s)
      AND CASE WHEN %(state)s::text IS NULL THEN a.state IN ('open', 'acknowledged')
               ELSE a.state = %(state)s END
      AND (%(severity)s::text IS NULL OR a.severity = %(severity)s)
      AND (%(since)s::timestamptz IS NULL OR a.first_seen >= %(since)s)
      AND (%(before)s::timestamptz IS NULL OR a.first_seen < %(before)s)
      AND (%(rule)s::text IS NULL OR a.rule_id = %(rule)s)
      AND (%(action)s::text IS NULL OR coalesce(ac.code, '-') = %(action)s)
)
SELECT v.id, v.rule_id, v.severity, v.state, v.summary, v.subject_kind, v.first_seen,
       v.action_code, s.code AS subject_code, d.code AS district_code
FROM visible v
LEFT JOIN alert_subjects s ON s.alert_id = v.id
LEFT JOIN districts d ON d.id = s.district_id
WHERE v.rank <= %(shown)s
ORDER BY v.id DESC
