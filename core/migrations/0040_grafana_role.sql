-- The read-only group role Grafana's datasource reads through, and the schema of views made for
-- it. Roles belong to the cluster, not to a database: the role is created once per cluster, and
-- every later database only grants it what it needs. It cannot log in; the deployment creates a
-- login role and grants it membership (docs/deploy.md):
--
--     CREATE ROLE grafana LOGIN PASSWORD '...' IN ROLE vigie_grafana;
--     ALTER ROLE grafana SET default_transaction_read_only = on;
--     ALTER ROLE grafana SET statement_timeout = '30s';
--
-- Role settings apply to the role that logs in, never through membership: the read-only default
-- belongs on the login role. It is a second fence; the first is that vigie_grafana has no
-- privilege but SELECT on the reporting views (which read the tables with their owner's rights).

DO $migration$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_grafana') THEN
        BEGIN
            CREATE ROLE vigie_grafana NOLOGIN;
        EXCEPTION
            WHEN duplicate_object THEN
                NULL;  -- created by a concurrent migration of another database of the cluster
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'the migrating role cannot create roles: ask an administrator to '
                                'run CREATE ROLE vigie_grafana NOLOGIN, then migrate again';
        END;
    END IF;
END
$migration$;

CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS
    'Views made for Grafana: the only objects the vigie_grafana role may read.';

GRANT USAGE ON SCHEMA reporting TO vigie_grafana;
-- Views added to this schema later by the same migrating role are readable at once.
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO vigie_grafana;
