-- An action's live alerts (open or acknowledged) counted by severity and state: every one of
-- them with no person, else those routed or escalated to that person (the predicate of
-- alerts.sql). Answered from alerts_live_action_counts_idx alone (migration 0156).
SELECT a.severity, a.state, count(*) AS alerts
FROM alerts a
WHERE a.action_id = (SELECT id FROM actions WHERE code = %(action)s)
  AND a.state IN ('open', 'acknowledged')
  AND a.territory_id = %(territory_id)s
  AND (%(person_id)s::integer IS NULL OR a.routed_to = %(person_id)s
       OR a.escalated_to = %(person_id)s)
GROUP BY a.severity, a.state
