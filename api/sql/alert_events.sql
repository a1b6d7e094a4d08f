-- An alert's history, oldest first.
SELECT e.at, e.kind, e.person_id, p.name AS person_name, e.comment
FROM alert_events e
LEFT JOIN people p ON p.id = e.person_id
WHERE e.alert_id = %(alert_id)s
ORDER BY e.at, e.id
