-- Live alerts not yet in a notification of this channel and kind. 'alert': severities above
-- the digest threshold, first seen at least group_wait_s ago (a burst is sent as one group);
-- 'digest': the severities at or below the threshold; 'escalation': escalated, still open.
-- With the subject's code, the alert's domain and the territory's time zone for the message.
-- An alert grouped in a package-level alert is notified through it.
SELECT a.id, a.rule_id, a.severity, a.summary, a.group_key, a.subject_kind, a.subject_id,
       a.first_seen, a.domain, t.timezone, s.code AS subject_code, p.id AS person_id, p.email
FROM alerts a
JOIN territories t ON t.id = a.territory_id
LEFT JOIN alert_subjects s ON s.alert_id = a.id
LEFT JOIN people p
  ON p.id = CASE WHEN %(kind)s = 'escalation' THEN a.escalated_to ELSE a.routed_to END
WHERE a.state IN ('open', 'acknowledged')
  AND a.grouped_in IS NULL
  AND CASE %(kind)s
        WHEN 'alert' THEN
            array_position(%(scale)s::text[], a.severity) > %(digest_rank)s
            AND a.first_seen <= %(now)s::timestamptz - make_interval(secs => %(group_wait_s)s)
        WHEN 'digest' THEN array_position(%(scale)s::text[], a.severity) <= %(digest_rank)s
        ELSE a.state = 'open' AND a.escalated_at IS NOT NULL
      END
  AND NOT EXISTS (
      SELECT 1 FROM notification_alerts n
      WHERE n.alert_id = a.id AND n.channel = %(channel)s AND n.kind = %(kind)s)
ORDER BY a.id
LIMIT %(limit)s
