#!/bin/sh
# First start of the database container only (docker-entrypoint-initdb.d): one login role per
# program, each a member of the group role whose grants migration 0132 gives (vigie_collector,
# vigie_worker, vigie_api), with its password from a secret. The owner ($POSTGRES_USER) runs
# the migrations and nothing else. The group roles are created here too (idempotently, as the
# migration does), so that the memberships can be set before the first migration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v collector_password="$(cat /run/secrets/collector_db_password)" \
     -v worker_password="$(cat /run/secrets/worker_db_password)" \
     -v api_password="$(cat /run/secrets/api_db_password)" <<'SQL'
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
CREATE ROLE collector LOGIN IN ROLE vigie_collector;
ALTER ROLE collector PASSWORD :'collector_password';
CREATE ROLE worker LOGIN IN ROLE vigie_worker;
ALTER ROLE worker PASSWORD :'worker_password';
CREATE ROLE api LOGIN IN ROLE vigie_api;
ALTER ROLE api PASSWORD :'api_password';
SQL
