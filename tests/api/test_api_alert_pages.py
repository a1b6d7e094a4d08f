"""Alert pages written by PostgreSQL: the body ``Page[AlertOut]`` gives, for every caller.

``GET /v1/alerts`` sends the JSON that ``alerts_json.sql`` builds without passing it through
the models. These tests validate each answer with the model and compare it, field by field
and timestamp by timestamp as text, with the page the models encode from the same rows, in a
database whose time zone is UTC and in one whose offset is not a whole hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, settings_for
from psycopg.types.json import Jsonb
from pydantic import TypeAdapter
from servers import PostgresServer

from api.routes.alerts import alert_page
from api.schemas_data import AlertOut, Page
from api.territories import Territory
from api.tokens import Caller, Role

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
PAGE = TypeAdapter(Page[AlertOut])
STATES = ("open", "acknowledged", "resolved", "closed")
SEVERITIES = ("informational", "low", "medium", "high", "critical")
ROLES = {"admin": Role.ADMIN, "evaluator": Role.EVALUATOR, "ada": Role.PILOT, "bob": Role.PILOT}
# Query strings of GET /v1/alerts and the filters of alert_page they stand for.
FILTERS: list[dict[str, str]] = [
    {},
    {"state": "open"},
    {"state": "closed"},
    {"severity": "critical"},
    {"action": "A1"},
    {"action": "A2", "live": "true"},
    {"live": "false"},
    {"mission": "03", "rule": "lamp_power"},
    {"action": "nothing"},
]


@pytest.fixture(scope="module", params=["UTC", "America/St_Johns"])
def world_db(
    postgres: PostgresServer, request: pytest.FixtureRequest
) -> Iterator[tuple[str, Conn, World]]:
    """The world and 40 varied alerts, the database's time zone ``UTC`` or -03:30/-02:30."""
    name = f"api_alert_pages_{request.param.lower().replace('/', '_')}"
    url = postgres.create_database(name, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} SET timezone = '{request.param}'".encode())
        world = make_world(conn)
        _alerts(conn, world)
    with psycopg.connect(url, autocommit=True) as conn:
        yield url, conn, world
    postgres.drop_database(name)


def _alerts(conn: Conn, world: World) -> None:
    """Alerts of every state and severity, with details, odd text and whole-second times."""
    start = datetime(2026, 3, 28, 23, 59, 59, tzinfo=UTC)  # a change of summer time after
    for n in range(40):
        state, severity, action = STATES[n % 4], SEVERITIES[n % 5], ("A1", "A2", None)[n % 3]
        seen = start + timedelta(hours=n, microseconds=0 if n % 3 else 250_000 * (n % 4))
        done = seen + timedelta(minutes=5)
        pilot = world.people["ada" if action == "A1" else "bob"]
        conn.execute(
            b"INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id,"
            b" severity, state, summary, details, group_key, routed_to, routed_via, action_id,"
            b" first_seen, last_seen, occurrences, acknowledged_by, acknowledged_at,"
            b" resolved_by, resolved_at, closed_at, comment, escalated_to, escalated_at)"
            b" VALUES (%s, %s, 'lighting', 'light_point', %s, %s, %s, %s, %s, 'g', %s,"
            b" 'action_pilot', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                world.town.territory_id,
                ("lamp_power", "day_burner")[n % 2],
                n + 1,
                severity,
                state,
                f'Lampe « {n} » \\ "éteinte"\n\t\x01 ✓',
                Jsonb(
                    {"power_w": 12.5 + n, "expected_w": 100, "note": "é\u2028", "nested": [1, None]}
                ),
                pilot,
                world.actions[action] if action else None,
                seen,
                seen + timedelta(days=n),
                n + 1,
                pilot if state != "open" else None,
                done if state != "open" else None,
                pilot if state in {"resolved", "closed"} else None,
                done if state in {"resolved", "closed"} else None,
                done if state == "closed" else None,
                "réparé" if state in {"resolved", "closed"} else None,
                world.people["lea"] if n % 5 == 0 else None,
                done if n % 5 == 0 else None,
            ),
        )


@pytest.fixture(scope="module")
def client(world_db: tuple[str, Conn, World]) -> Iterator[httpx.Client]:
    """A client of the API serving the world."""
    with api_client(settings_for(world_db[0])) as running:
        yield running


def _modelled(conn: Conn, world: World, who: str, limit: int, filters: dict[str, str]) -> object:
    """The page the models encode for the same caller and filters, as JSON values."""
    caller = Caller(token_id=None, role=ROLES[who], person_id=world.people.get(who))
    place = Territory(world.town.territory_id, "testville", "Testville", "Europe/Paris")
    typed: dict[str, object] = {**filters}
    if "live" in typed:
        typed["live"] = typed["live"] == "true"
    page = alert_page(conn, caller, place, limit, **typed)  # type: ignore[arg-type]
    return PAGE.dump_python(page, mode="json")


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: urlencode(f) or "none")
def test_the_page_is_the_one_the_models_write(
    client: httpx.Client,
    world_db: tuple[str, Conn, World],
    who: str,
    filters: dict[str, str],
) -> None:
    """Every field of every alert, timestamps as text, equals what Page[AlertOut] writes."""
    _url, conn, world = world_db
    answer = client.get(f"/v1/alerts?{urlencode(filters)}", headers=bearer(world.tokens[who]))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    PAGE.validate_json(answer.content)
    assert answer.json() == _modelled(conn, world, who, 100, filters)


def test_the_bytes_are_the_models_when_details_are_empty(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """Without details (PostgreSQL spaces its jsonb), the body is byte for byte the model's."""
    _url, conn, world = world_db
    conn.execute(b"UPDATE alerts SET details = '{}' WHERE state = 'closed'")
    answer = client.get("/v1/alerts?state=closed", headers=bearer(world.tokens["admin"]))
    page = alert_page(
        conn, Caller(None, Role.ADMIN, None), Territory(world.town.territory_id, "", "", ""), 100,
        state="closed",
    )  # fmt: skip
    assert page.items
    assert answer.content == PAGE.dump_json(page)


def test_pages_follow_each_other_by_cursor(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """Pages of 8 list every alert once, newest first; the last page has no cursor."""
    _url, conn, world = world_db
    seen: list[int] = []
    cursor = ""
    for _ in range(10):
        query = {"limit": "8", **({"cursor": cursor} if cursor else {})}
        answer = client.get(f"/v1/alerts?{urlencode(query)}", headers=bearer(world.tokens["admin"]))
        page = PAGE.validate_json(answer.content)
        seen += [a.id for a in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    listed = [int(str(i)) for (i,) in conn.execute(b"SELECT id FROM alerts ORDER BY id DESC")]
    assert seen == listed
    assert len(listed) % 8 != 0


def test_a_full_last_page_has_a_cursor_to_an_empty_one(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """A page as long as its limit gives a cursor, even when nothing follows, as before."""
    _url, _conn, world = world_db
    ada = bearer(world.tokens["ada"])
    everything = client.get("/v1/alerts?limit=500", headers=ada).json()["items"]
    full = client.get(f"/v1/alerts?limit={len(everything)}", headers=ada).json()
    assert [a["id"] for a in full["items"]] == [a["id"] for a in everything]
    after = client.get(f"/v1/alerts?cursor={full['next_cursor']}", headers=ada).json()
    assert after == {"items": [], "next_cursor": None}
