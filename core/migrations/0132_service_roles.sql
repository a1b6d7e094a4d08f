-- Least privilege: a group role per program, with only the grants it needs. The deployment
-- makes a login role per program, member of its group (deploy/postgres/initdb/20-service-
-- roles.sh), and the owner of the schema (the role `vigie migrate` runs as) stays the only one
-- that changes it, seeds the territory and imports inventories.
--
--   vigie_collector  reads the registry; inserts readings, ingest batches and dead letters,
--                    replays and prunes dead letters
--   vigie_worker     reads everything but secrets; writes rollups, indicator values, effects,
--                    alerts, notifications, weather and its cursors
--   vigie_api        reads everything; writes the policy, people, values entered by hand,
--                    analyses, adjustments, alert transitions, tokens and the web pages' tables
--   vigie_grafana    (0040) reads the reporting views only
--
-- A later migration that adds a table grants it to the roles that need it. Tables of secrets
-- (tokens, sessions, sign-in links) are readable by the API only.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_collector') THEN
        CREATE ROLE vigie_collector NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_worker') THEN
        CREATE ROLE vigie_worker NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_api') THEN
        CREATE ROLE vigie_api NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public, reporting TO vigie_collector, vigie_worker, vigie_api;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO vigie_collector, vigie_worker, vigie_api;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO vigie_worker, vigie_api;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vigie_collector, vigie_worker, vigie_api;
REVOKE SELECT ON api_tokens, web_sessions, web_sign_in_links, web_sign_in_requests,
    web_used_links FROM vigie_collector, vigie_worker;

GRANT INSERT ON lamp_readings, cabinet_readings, meter_readings, ingest_batches
    TO vigie_collector;
GRANT INSERT, UPDATE, DELETE ON dead_letters TO vigie_collector;

GRANT INSERT, UPDATE, DELETE ON
    lamp_rollups_hourly, lamp_rollups_daily, cabinet_rollups_hourly, cabinet_rollups_daily,
    meter_rollups_hourly, meter_consumption_daily, district_lamp_daily, lighting_days,
    rollup_days_pending, aggregation_cursors, indicator_runs, indicator_values, indicators,
    indicator_targets, effects, meteo_history, weather_observations,
    alerts, alert_events, rule_runs, worker_cursors,
    notifications, notification_alerts, notification_deliveries
    TO vigie_worker;
-- Triggers on indicators and their targets record the change.
GRANT INSERT ON policy_changes TO vigie_worker;

GRANT INSERT, UPDATE, DELETE ON
    policies, missions, actions, action_scopes, scope_areas, budget_lines, indicators,
    indicator_targets, indicator_values, people, person_roles, alert_recipients,
    effect_adjustments, analyses, meteo_history, alerts, alert_events, api_tokens,
    web_sessions, web_sign_in_links, web_sign_in_requests, web_used_links, attached_files,
    activity_reports
    TO vigie_api;
GRANT INSERT ON policy_changes TO vigie_api;
