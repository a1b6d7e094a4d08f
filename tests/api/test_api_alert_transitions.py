"""Acknowledge, resolve and close through HTTP: every change from every state, and who may."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_token, make_world, settings_for
from servers import PostgresServer

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
PROBLEM = "application/problem+json"
STATES = ("open", "acknowledged", "resolved", "closed")
# The lifecycle: which change is legal from which state, and the state it leads to.
LEGAL = {
    ("open", "acknowledge"): "acknowledged",
    ("open", "resolve"): "resolved",
    ("acknowledged", "resolve"): "resolved",
    ("resolved", "close"): "closed",
}
_subjects = itertools.count(1)  # one live alert per rule and subject: each alert its own subject


@pytest.fixture(scope="module")
def world_db(postgres: PostgresServer) -> Iterator[tuple[str, Conn, World]]:
    """One database with the world and a pilot, Cy, whose alerts only these tests touch."""
    url = postgres.create_database("api_alert_transitions", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = make_world(conn)
        row = conn.execute(
            b"INSERT INTO people (name, email) VALUES ('Cy Pilot', 'cy@town.example.org')"
            b" RETURNING id"
        ).fetchone()
        assert row is not None
        world.people["cy"] = int(str(row[0]))
        world.tokens["cy"] = make_token(conn, "pilot", world.people["cy"])
        yield url, conn, world


@pytest.fixture(scope="module")
def client(world_db: tuple[str, Conn, World]) -> Iterator[httpx.Client]:
    """A client of the API serving the world."""
    with api_client(settings_for(world_db[0])) as running:
        yield running


def alert_in(conn: Conn, world: World, state: str) -> int:
    """A new alert routed to Cy, already in ``state`` (with the times that state implies)."""
    past = datetime.now(UTC) - timedelta(hours=1)
    row = conn.execute(
        b"INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        b" state, summary, group_key, routed_to, routed_via, acknowledged_at, resolved_at,"
        b" closed_at) VALUES (%s, 'controller_offline', 'lighting', 'light_point', %s,"
        b" 'medium', %s, 'Controller silent', 'g', %s, 'department', %s, %s, %s) RETURNING id",
        (
            world.town.territory_id,
            next(_subjects),
            state,
            world.people["cy"],
            past if state == "acknowledged" else None,
            past if state in {"resolved", "closed"} else None,
            past if state == "closed" else None,
        ),
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def post(client: httpx.Client, world: World, who: str, path: str, body: object) -> httpx.Response:
    """POST ``body`` to ``path`` with ``who``'s token."""
    return client.post(path, headers=bearer(world.tokens[who]), json=body)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("change", ["acknowledge", "resolve", "close"])
def test_each_change_from_each_state(
    client: httpx.Client, world_db: tuple[str, Conn, World], state: str, change: str
) -> None:
    """A legal change answers the changed alert; any other is a 409 naming the current state."""
    _, conn, world = world_db
    alert = alert_in(conn, world, state)
    response = post(client, world, "cy", f"/v1/alerts/{alert}/{change}", {"comment": "done"})
    target = LEGAL.get((state, change))
    events = conn.execute(
        b"SELECT kind, person_id, comment FROM alert_events WHERE alert_id = %s", (alert,)
    ).fetchall()
    if target is None:
        assert response.status_code == 409
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["detail"] == f"alert {alert} is {state}: cannot {change} it"
        assert events == []
        return
    assert response.status_code == 200
    assert response.json()["state"] == target
    assert response.json()["comment"] == "done"
    assert [e["kind"] for e in response.json()["events"]] == [target]
    assert events == [(target, world.people["cy"], "done")]


def test_close_records_when_and_by_whom(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """Acknowledge, resolve, close (no body needed): each stamped; then all refused."""
    _, conn, world = world_db
    alert = alert_in(conn, world, "open")
    before = datetime.now(UTC)
    assert post(client, world, "cy", f"/v1/alerts/{alert}/acknowledge", None).status_code == 200
    assert post(client, world, "cy", f"/v1/alerts/{alert}/close", {}).status_code == 409
    body = {"comment": "controller replaced"}
    assert post(client, world, "cy", f"/v1/alerts/{alert}/resolve", body).status_code == 200
    closed = post(client, world, "cy", f"/v1/alerts/{alert}/close", None).json()  # no body
    assert closed["state"] == "closed"
    assert datetime.fromisoformat(closed["closed_at"]) >= before
    assert closed["comment"] == "controller replaced"
    cy = world.people["cy"]
    assert (closed["acknowledged_by"], closed["resolved_by"]) == (cy, cy)
    steps = [(e["kind"], e["person_id"]) for e in closed["events"]]
    assert steps == [("acknowledged", cy), ("resolved", cy), ("closed", cy)]
    for change in ("acknowledge", "resolve", "close"):
        again = post(client, world, "cy", f"/v1/alerts/{alert}/{change}", {"comment": "x"})
        assert again.status_code == 409
        assert "is closed" in again.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("evaluator", 403), ("viewer", 403), ("ada", 404)])
def test_close_is_refused_to_who_may_not_resolve(
    client: httpx.Client, world_db: tuple[str, Conn, World], who: str, status: int
) -> None:
    """Evaluators and viewers may not close (403); another pilot does not see the alert (404)."""
    _, conn, world = world_db
    alert = alert_in(conn, world, "resolved")
    refused = post(client, world, who, f"/v1/alerts/{alert}/close", {})
    assert refused.status_code == status
    assert refused.headers["content-type"] == PROBLEM
    state = conn.execute(b"SELECT state FROM alerts WHERE id = %s", (alert,)).fetchone()
    assert state == ("resolved",)


def test_admin_closes_any_alert_and_an_unknown_one_is_404(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """An admin closes an alert routed to someone else; a missing alert is a 404."""
    _, conn, world = world_db
    alert = alert_in(conn, world, "resolved")
    assert post(client, world, "admin", f"/v1/alerts/{alert}/close", {}).json()["state"] == (
        "closed"
    )
    missing = post(client, world, "admin", f"/v1/alerts/{alert + 1000}/close", {})
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"no alert {alert + 1000}"
