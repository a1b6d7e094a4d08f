-- Alerts of a territory, newest first, paged by id, with their subject's code and district,
-- the person they are routed to and the mission of their action. ``person_id`` limits them to
-- what is routed or escalated to that person (a pilot's view).
SELECT a.id, a.rule_id, a.domain, a.subject_kind, s.code AS subject_code,
       d.code AS district_code, a.severity, a.state, a.summary, a.details, a.first_seen,
       a.last_seen, a.occurrences, a.routed_to, p.name AS routed_to_name, a.routed_via,
       ac.code AS action_code, m.code AS mission_code, a.acknowledged_by, a.acknowledged_at,
       a.resolved_by, a.resolved_at, a.closed_at, a.comment, a.escalated_to, a.escalated_at
FROM alerts a
LEFT JOIN people p ON p.id = a.routed_to
LEFT JOIN actions ac ON ac.id = a.action_id
LEFT JOIN missions m ON m.id = ac.mission_id
LEFT JOIN LATERAL (
    SELECT lp.code, lp.district_id FROM light_points lp
    WHERE a.subject_kind = 'light_point' AND lp.id = a.subject_id
    UNION ALL
    SELECT cc.code, cc.district_id FROM control_cabinets cc
    WHERE a.subject_kind = 'cabinet' AND cc.id = a.subject_id
    UNION ALL
    SELECT mt.code, b.district_id FROM meters mt JOIN buildings b ON b.id = mt.building_id
    WHERE a.subject_kind = 'meter' AND mt.id = a.subject_id
    UNION ALL
    SELECT b.code, b.district_id FROM buildings b
    WHERE a.subject_kind = 'building' AND b.id = a.subject_id
    UNION ALL
    SELECT dd.code, dd.id FROM districts dd
    WHERE a.subject_kind = 'district' AND dd.id = a.subject_id
    UNION ALL
    SELECT x.code, NULL FROM actions x
    WHERE a.subject_kind = 'action' AND x.id = a.subject_id
) s ON true
LEFT JOIN districts d ON d.id = s.district_id
WHERE a.territory_id = %(territory_id)s
  AND (%(person_id)s::integer IS NULL OR a.routed_to = %(person_id)s
       OR a.escalated_to = %(person_id)s)
  AND (%(id)s::bigint IS NULL OR a.id = %(id)s)
  AND (%(state)s::text IS NULL OR a.state = %(state)s)
  AND (%(severity)s::text IS NULL OR a.severity = %(severity)s)
  AND (%(rule)s::text IS NULL OR a.rule_id = %(rule)s)
  AND (%(pilot_id)s::integer IS NULL OR a.routed_to = %(pilot_id)s)
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
  AND (%(action)s::text IS NULL OR ac.code = %(action)s)
  AND (%(district)s::text IS NULL OR d.code = %(district)s)
  AND (%(live)s::boolean IS NULL OR (a.state IN ('open', 'acknowledged')) = %(live)s)
  AND (%(after)s::bigint IS NULL OR a.id < %(after)s)
ORDER BY a.id DESC
LIMIT %(limit)s
