-- Alerts of a territory for `vigie alerts list`, newest first, with their subject's code and
-- their action's: ``states`` keeps some states, the other filters one value each (NULL: any).
SELECT a.id, a.state, a.severity, a.rule_id, a.subject_kind,
       coalesce(s.code, a.subject_kind) AS subject_code, ac.code AS action_code,
       a.last_seen, a.summary
FROM alerts a
JOIN territories t ON t.id = a.territory_id
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN alert_subjects s ON s.alert_id = a.id
WHERE t.code = %(territory)s
  AND a.state = ANY(%(states)s::text[])
  AND (%(severity)s::text IS NULL OR a.severity = %(severity)s)
  AND (%(action)s::text IS NULL OR ac.code = %(action)s)
  AND (%(rule)s::text IS NULL OR a.rule_id = %(rule)s)
ORDER BY a.id DESC
LIMIT %(limit)s
