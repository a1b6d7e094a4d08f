-- open -> acknowledged. The transition, who and when, and the history row are written once, in
-- core/migrations/0051_alert_transitions.sql. One row (alert_id, state, changed): changed is
-- false when the alert's state does not allow it; no row when there is no such alert.
SELECT alert_id, state, changed
FROM vigie_acknowledge_alert(%(alert_id)s, %(person_id)s, %(comment)s, %(now)s)
