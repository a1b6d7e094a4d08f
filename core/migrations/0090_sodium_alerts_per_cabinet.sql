-- Sodium lamp end of life is now judged per cabinet (one alert per work package, with the
-- count): the live per-lamp alerts of that rule are resolved, with a note in their history.
WITH moved AS (
    UPDATE alerts
    SET state = 'resolved', resolved_at = now(),
        comment = 'superseded by one alert per cabinet'
    WHERE rule_id = 'sodium_lamp_end_of_life' AND subject_kind = 'light_point'
      AND state IN ('open', 'acknowledged')
    RETURNING id
)
INSERT INTO alert_events (alert_id, at, kind, comment)
SELECT id, now(), 'resolved', 'superseded by one alert per cabinet' FROM moved;
