-- alert_subjects: the code and district of each alert's subject (light point, cabinet, meter,
-- building, district or action), named in one place for every read that shows alerts. An alert on
-- the whole fleet has no row. Filtered on alert_id, a read looks up one subject by its key.

CREATE VIEW alert_subjects AS
SELECT a.id AS alert_id, s.code, s.district_id
FROM alerts a
CROSS JOIN LATERAL (
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
) s;

-- The live alerts of one action, newest first (an action's page and its open alerts).
CREATE INDEX alerts_live_action_idx ON alerts (action_id, id DESC)
    WHERE state IN ('open', 'acknowledged');

GRANT SELECT ON alert_subjects TO vigie_worker, vigie_api;
