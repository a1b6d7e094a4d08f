"""The API's /metrics is valid Prometheus text, labelled by the route that matched."""

from __future__ import annotations

import psycopg
from api_world import api_client, bearer, make_token, settings_for
from prometheus_text import labels, parse_samples

Conn = psycopg.Connection[tuple[object, ...]]


def test_requests_are_counted_under_the_matched_route(db: Conn, db_url: str) -> None:
    """Path parameters with equal values keep their own names; the raw path is never a label."""
    token = bearer(make_token(db, "viewer"))
    with api_client(settings_for(db_url)) as client:
        client.put("/v1/actions/2025/budgets/2025", json={}, headers=token)
        client.get("/v1/missions/unknown", headers=token)
        client.get("/v1/no/such/page", headers=token)
        client.get("/health")
        samples = parse_samples(client.get("/metrics").text)
    routes = {dict(key)["route"] for name, key in samples if name == "vigie_api_requests_total"}
    assert routes == {
        "/v1/actions/{code}/budgets/{year}",
        "/v1/missions/{code}",
        "unmatched",
        "/health",
    }
    assert samples["vigie_api_request_seconds_count", labels(route="/health")] == 1


def test_metrics_parse_with_an_unknown_method(db: Conn, db_url: str) -> None:
    """A method outside HTTP's own (WebDAV's) is counted as ``other``; /metrics parses.

    A made-up method never reaches the app: the HTTP parser refuses it with 400.
    """
    with api_client(settings_for(db_url)) as client:
        assert client.request("BREW", "/health").status_code == 400
        client.request("PROPFIND", "/health")
        client.request("PROPFIND", "/v1/no-such-thing")
        samples = parse_samples(client.get("/metrics").text)
    key = labels(method="other", route="/health", status="405")
    assert samples["vigie_api_requests_total", key] == 1
    methods = {dict(key)["method"] for name, key in samples if name == "vigie_api_requests_total"}
    assert methods == {"other"}
