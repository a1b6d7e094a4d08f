-- Alerts of a territory, newest first, paged by id, with their subject's code and district,
-- the person they are routed to and the mission of their action. ``person_id`` limits them to
-- what is routed or escalated to that person (a pilot's view).
--
-- The page's alerts are chosen first, on the alerts' own columns (the district's filter looks up
-- the subject of each candidate), then only those are joined to what names them. The filters are
-- optional (``a filter IS NULL OR ...``): chosen this way, the plan PostgreSQL keeps for the
-- prepared statement whatever the filters (its generic plan) walks the alerts newest first and
-- stops at the page's end, instead of joining every alert of the territory before sorting.
WITH page AS MATERIALIZED (
    SELECT a.id
    FROM alerts a
    WHERE a.territory_id = %(territory_id)s
      AND (%(person_id)s::integer IS NULL OR a.routed_to = %(person_id)s
           OR a.escalated_to = %(person_id)s)
      AND (%(id)s::bigint IS NULL OR a.id = %(id)s)
      AND (%(state)s::text IS NULL OR a.state = %(state)s)
      AND (%(severity)s::text IS NULL OR a.severity = %(severity)s)
      AND (%(rule)s::text IS NULL OR a.rule_id = %(rule)s)
      AND (%(pilot_id)s::integer IS NULL OR a.routed_to = %(pilot_id)s)
      AND (%(mission)s::text IS NULL OR a.action_id IN (
          SELECT x.id FROM actions x JOIN missions xm ON xm.id = x.mission_id
          WHERE xm.code = %(mission)s))
      AND (%(action)s::text IS NULL OR a.action_id IN (
          SELECT x.id FROM actions x WHERE x.code = %(action)s))
      AND (%(district)s::text IS NULL OR EXISTS (
          SELECT 1 FROM alert_subjects s JOIN districts dd ON dd.id = s.district_id
          WHERE s.alert_id = a.id AND dd.code = %(district)s))
      AND (%(live)s::boolean IS NULL OR (a.state IN ('open', 'acknowledged')) = %(live)s)
      AND (%(after)s::bigint IS NULL OR a.id < %(after)s)
    ORDER BY a.id DESC
    LIMIT %(limit)s
)
SELECT a.id, a.rule_id, a.domain, a.subject_kind, s.code AS subject_code,
       d.code AS district_code, a.severity, a.state, a.summary, a.details, a.first_seen,
       a.last_seen, a.occurrences, a.routed_to, p.name AS routed_to_name, a.routed_via,
       ac.code AS action_code, m.code AS mission_code, a.acknowledged_by, a.acknowledged_at,
       a.resolved_by, a.resolved_at, a.closed_at, a.comment, a.escalated_to, a.escalated_at
FROM page
JOIN alerts a ON a.id = page.id
LEFT JOIN people p ON p.id = a.routed_to
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN missions m ON m.id = ac.mission_id
LEFT JOIN alert_subjects s ON s.alert_id = a.id
LEFT JOIN districts d ON d.id = s.district_id
ORDER BY a.id DESC
