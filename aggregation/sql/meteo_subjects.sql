-- The actions and missions of a territory's policies, with the actions' dates and the number
-- of live critical alerts routed to each action.
SELECT 'action' AS subject_kind, a.id, a.code, a.mission_id, a.status, a.planned_start,
       a.planned_end, a.actual_start, a.actual_end,
       (SELECT count(*) FROM alerts al
        WHERE al.action_id = a.id AND al.severity = 'critical'
          AND al.state IN ('open', 'acknowledged')) AS critical_alerts
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies p ON p.id = m.policy_id
WHERE p.territory_id = %(territory_id)s
UNION ALL
SELECT 'mission', m.id, m.code, m.id, NULL, NULL, NULL, NULL, NULL, 0
FROM missions m
JOIN policies p ON p.id = m.policy_id
WHERE p.territory_id = %(territory_id)s
ORDER BY 1, 3
