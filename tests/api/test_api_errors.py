"""Errors reach clients as RFC 9457 problems naming the field; limits hold; no trace ever leaks."""

from __future__ import annotations

import psycopg
import pytest
from api_world import api_client, bearer, make_token, make_world, settings_for
from factories import make_territory
from prometheus_text import labels, parse_samples
from typer.testing import CliRunner

from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]
PROBLEM = "application/problem+json"


def test_validation_errors_name_each_field(db: Conn, db_url: str) -> None:
    """A page too large, a bad enum and an unknown body field are 422s naming each one."""
    world = make_world(db)
    admin = bearer(world.tokens["admin"])
    with api_client(settings_for(db_url)) as client:
        page = client.get("/v1/actions?limit=501&status=finished", headers=admin)
        assert page.status_code == 422
        assert page.headers["content-type"] == PROBLEM
        fields = {e["field"] for e in page.json()["errors"]}
        assert fields == {"query.limit", "query.status"}
        extra = client.patch("/v1/actions/A1", json={"colour": "red"}, headers=admin)
        assert [e["field"] for e in extra.json()["errors"]] == ["body.colour"]
        cursor = client.get("/v1/alerts?cursor=not-ours", headers=admin)
        assert cursor.status_code == 422
        assert cursor.json()["errors"] == [
            {"field": "query.cursor", "reason": "not a cursor this resource returned"}
        ]


def test_request_body_size_is_limited(db: Conn, db_url: str) -> None:
    """A body over the limit is refused with 413 before it is parsed."""
    world = make_world(db)
    with api_client(settings_for(db_url, api_max_body_bytes=2048)) as client:
        response = client.post(
            "/v1/analyses",
            headers=bearer(world.tokens["admin"]),
            json={
                "kind": "analysis",
                "written_on": "2025-01-01",
                "mission_code": "03",
                "body": "x" * 5000,
            },
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM
        assert db.execute("SELECT count(*) FROM analyses").fetchone() == (1,)


def test_unexpected_failure_is_a_500_without_trace(db: Conn, db_url: str) -> None:
    """When a query fails for a reason of ours, the client gets a bare 500, no SQL, no trace."""
    world = make_world(db)
    db.execute("DROP VIEW meteo_current CASCADE")
    with api_client(settings_for(db_url)) as client:
        response = client.get("/v1/missions", headers=bearer(world.tokens["viewer"]))
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == "internal error; the server log has the details"
    for leak in ("Traceback", "meteo_current", "psycopg", "SELECT"):
        assert leak not in response.text


def test_unknown_route_is_a_problem(db_url: str) -> None:
    """A path that does not exist is a 404 problem, with or without a token."""
    with api_client(settings_for(db_url)) as client:
        response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_health_reports_a_missing_broker_and_metrics_count_requests(db: Conn, db_url: str) -> None:
    """With no broker, health is degraded but 200; /metrics counts requests by route template."""
    make_territory(db)
    token = bearer(make_token(db, "viewer"))
    with api_client(settings_for(db_url, mqtt_url="mqtt://127.0.0.1:9")) as client:
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["broker"]["ok"] is False
        assert health.json()["collector_lag_s"] is None
        client.get("/v1/missions/unknown", headers=token)
        metrics = client.get("/metrics").text
    samples = parse_samples(metrics)
    key = labels(method="GET", route="/v1/missions/{code}", status="404")
    assert samples["vigie_api_requests_total", key] == 1
    assert samples["vigie_api_request_seconds_count", labels(route="/health")] == 1


def test_health_is_503_when_the_database_is_gone(postgres: object, db_url: str) -> None:
    """A database that cannot be reached makes /health answer 503 saying so."""
    gone = db_url.rsplit("/", 1)[0] + "/no_such_database"
    with api_client(settings_for(gone, api_db_wait_s=0.5)) as client:
        health = client.get("/health")
        refused = client.get("/v1/policy", headers=bearer("vigie_x"))
    assert health.status_code == 503
    assert health.json()["database"]["ok"] is False
    assert refused.status_code == 503
    assert refused.json()["detail"].startswith("the database is unavailable")
    assert refused.headers["retry-after"] == "1"
    assert health.json()["status"] == "unavailable"


def test_token_commands_create_list_and_revoke(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigie token create` prints a token once; list shows its prefix only; revoke ends it."""
    world = make_world(db)
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    runner = CliRunner()
    refused = runner.invoke(cli, ["token", "create", "--role", "pilot"])
    assert refused.exit_code != 0
    created = runner.invoke(
        cli, ["token", "create", "--role", "pilot", "--person", "ada@town.example.org"]
    )
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    token_id = created.output.split()[1]
    listed = runner.invoke(cli, ["token", "list"])
    assert listed.output.splitlines()[0].split()[:5] == ["id", "prefix", "role", "person", "state"]
    assert token[:12] in listed.output
    assert token not in listed.output
    with api_client(settings_for(db_url)) as client:
        assert client.get("/v1/alerts", headers=bearer(token)).status_code == 200
        assert runner.invoke(cli, ["token", "revoke", token_id]).exit_code == 0
        assert client.get("/v1/alerts", headers=bearer(token)).status_code == 401
    assert world.people["ada"]
