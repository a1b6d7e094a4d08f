-- An inbox's counts: the alerts a person sees (every alert of the territory with no person, else
-- those routed or escalated to them, the predicate of alerts.sql), live ones or those of one
-- state, filtered by severity, first sighting and rule; counted by action, rule, severity, state.
SELECT ac.code AS action_code, a.rule_id, a.severity, a.state, count(*) AS alerts
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
GROUP BY ac.code, a.rule_id, a.severity, a.state
