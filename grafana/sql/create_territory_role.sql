-- A territory's reader group role: no login, reads what vigie_grafana reads (the reporting
-- views), restricted to its territories by grafana_territory_roles.
CREATE ROLE {role} NOLOGIN IN ROLE vigie_grafana
