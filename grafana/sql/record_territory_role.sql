-- Restrict the members of a reader role to a territory (idempotent).
INSERT INTO grafana_territory_roles (role_name, territory_id)
VALUES (%(name)s, %(territory_id)s)
ON CONFLICT (role_name, territory_id) DO NOTHING
