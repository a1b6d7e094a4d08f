"""Grafana: dashboards as code, pushed with grafana-client.

Also a port of the SQL expansion of Grafana's PostgreSQL datasource, so that the tests run every
panel query without a Grafana server.
"""
