-- Escalate open alerts nobody acknowledged within the delay to the lead of the mission of their
-- action (else of their domain's mission): at least medium severity, once; an alert grouped
-- in a package-level alert is escalated through it.
WITH due AS (
    SELECT a.id,
           coalesce(
               (SELECT mi.lead_id FROM actions ac JOIN missions mi ON mi.id = ac.mission_id
                WHERE ac.id = a.action_id),
               (SELECT mi.lead_id FROM missions mi JOIN policies p ON p.id = mi.policy_id
                WHERE p.territory_id = a.territory_id AND mi.domain = a.domain
                  AND mi.lead_id IS NOT NULL
                ORDER BY mi.id LIMIT 1)) AS lead_id
    FROM alerts a
    WHERE a.state = 'open' AND a.escalated_at IS NULL AND a.grouped_in IS NULL
      AND a.severity IN ('medium', 'high', 'critical')
      AND a.first_seen <= %(now)s::timestamptz - make_interval(mins => %(after_min)s)
    FOR UPDATE OF a SKIP LOCKED
),
changed AS (
    UPDATE alerts a
    SET escalated_at = %(now)s, escalated_to = due.lead_id
    FROM due
    WHERE a.id = due.id AND due.lead_id IS NOT NULL
    RETURNING a.id, a.escalated_to
),
events AS (
    INSERT INTO alert_events (alert_id, at, kind, person_id)
    SELECT id, %(now)s, 'escalated', escalated_to FROM changed
)
SELECT id FROM changed
