-- Route new alerts: the pilot of the action whose treated scope covers the subject (the most
-- specific scope first, then actions in progress, done, planned), in a mission of the alert's
-- domain; else the person set for that kind of asset (alert_recipients); else the lead of the
-- territory's mission for the domain (always, for a buildings alert on the whole fleet).
WITH targets AS (
    SELECT a.id, a.territory_id, a.domain, a.subject_kind, a.subject_id,
           loc.light_point_id, loc.cabinet_id, loc.district_id, loc.building_id
    FROM alerts a
    CROSS JOIN LATERAL (
        SELECT lp.id AS light_point_id, lp.cabinet_id, lp.district_id,
               NULL::integer AS building_id
        FROM light_points lp WHERE a.subject_kind = 'light_point' AND lp.id = a.subject_id
        UNION ALL
        SELECT NULL, cc.id, cc.district_id, NULL
        FROM control_cabinets cc WHERE a.subject_kind = 'cabinet' AND cc.id = a.subject_id
        UNION ALL
        SELECT NULL, NULL, b.district_id, b.id
        FROM meters m JOIN buildings b ON b.id = m.building_id
        WHERE a.subject_kind = 'meter' AND m.id = a.subject_id
        UNION ALL
        SELECT NULL, NULL, b.district_id, b.id
        FROM buildings b WHERE a.subject_kind = 'building' AND b.id = a.subject_id
        UNION ALL
        SELECT NULL, NULL, a.subject_id, NULL WHERE a.subject_kind = 'district'
        UNION ALL
        SELECT NULL, NULL, NULL, NULL WHERE a.subject_kind IN ('fleet', 'action')
    ) loc
    WHERE a.id = ANY(%(alert_ids)s::bigint[])
),
by_action AS (
    SELECT DISTINCT ON (t.id) t.id, ac.id AS action_id, ac.pilot_id
    FROM targets t
    JOIN (
        SELECT s.action_id, s.role, s.light_point_id, s.cabinet_id, s.district_id, s.building_id
        FROM action_scopes s
        UNION ALL
        -- A street, a district as of a date or a drawn area names its points one by one.
        SELECT m.action_id, m.role, m.light_point_id, NULL, NULL, NULL
        FROM action_scope_members m
        JOIN action_scopes s ON s.id = m.scope_id
        WHERE s.in_district_id IS NOT NULL OR s.area_id IS NOT NULL
    ) s
      ON s.role = 'treated'
     AND (s.light_point_id = t.light_point_id OR s.cabinet_id = t.cabinet_id
          OR s.district_id = t.district_id OR s.building_id = t.building_id)
    JOIN actions ac ON ac.id = s.action_id
    JOIN missions mi ON mi.id = ac.mission_id
    WHERE ac.status <> 'cancelled' AND ac.pilot_id IS NOT NULL
      AND (mi.domain IS NULL OR mi.domain = t.domain)
    ORDER BY t.id,
             CASE WHEN s.district_id IS NULL THEN 0 ELSE 1 END,
             CASE WHEN s.light_point_id IS NOT NULL OR s.building_id IS NOT NULL THEN 0
                  ELSE 1 END,
             CASE ac.status WHEN 'in_progress' THEN 0 WHEN 'done' THEN 1 ELSE 2 END,
             ac.actual_end DESC NULLS FIRST, ac.id DESC
),
routes AS (
    SELECT t.id, coalesce(ba.action_id, own.id) AS action_id,
           coalesce(ba.pilot_id, own.pilot_id, dep.person_id, lead.lead_id) AS person_id,
           CASE WHEN ba.pilot_id IS NOT NULL OR own.pilot_id IS NOT NULL THEN 'action_pilot'
                WHEN dep.person_id IS NOT NULL THEN 'department'
                WHEN lead.lead_id IS NOT NULL THEN 'mission_lead' END AS via
    FROM targets t
    LEFT JOIN by_action ba ON ba.id = t.id
    LEFT JOIN actions own ON t.subject_kind = 'action' AND own.id = t.subject_id
    LEFT JOIN alert_recipients dep
      ON dep.territory_id = t.territory_id AND dep.subject_kind = t.subject_kind
     AND NOT (t.subject_kind = 'fleet' AND t.domain = 'buildings')  -- its mission's lead
    LEFT JOIN LATERAL (
        SELECT mi.lead_id
        FROM missions mi JOIN policies p ON p.id = mi.policy_id
        WHERE p.territory_id = t.territory_id AND mi.domain = t.domain
          AND mi.lead_id IS NOT NULL
        ORDER BY mi.id
        LIMIT 1
    ) lead ON true
)
UPDATE alerts a
SET routed_to = r.person_id, routed_via = r.via, action_id = coalesce(r.action_id, a.action_id)
FROM routes r
WHERE a.id = r.id
