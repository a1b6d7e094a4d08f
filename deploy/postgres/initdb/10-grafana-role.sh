#!/bin/sh
# First start of the database container only (docker-entrypoint-initdb.d): the login role
# Grafana's datasource uses. It is a member of vigie_grafana, which the migrations grant SELECT
# on the reporting views and nothing else; its own settings make every transaction read-only
# and bound each statement. The migrations create vigie_grafana too (idempotently).
set -eu
password=$(cat /run/secrets/grafana_db_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v grafana_password="$password" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_grafana') THEN
        CREATE ROLE vigie_grafana NOLOGIN;
    END IF;
END
$$;
CREATE ROLE grafana LOGIN IN ROLE vigie_grafana;
ALTER ROLE grafana PASSWORD :'grafana_password';
ALTER ROLE grafana SET default_transaction_read_only = on;
ALTER ROLE grafana SET statement_timeout = '30s';
ALTER ROLE grafana SET search_path = reporting, public;
SQL
