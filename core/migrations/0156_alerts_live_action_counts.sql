-- An action's detail counts its live alerts by severity and state for the caller
-- (api/sql/action_alert_counts.sql). This index holds every column that count reads, so that it
-- is answered from the index alone (0.8 ms instead of 2.0 for an action with 1,429 live alerts,
-- most of it reading their rows), and, like alerts_live_action_idx, only live alerts.
CREATE INDEX alerts_live_action_counts_idx ON alerts (action_id)
    INCLUDE (territory_id, severity, state, routed_to, escalated_to)
    WHERE state IN ('open', 'acknowledged');
