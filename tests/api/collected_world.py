"""A territory whose data came the way real data comes: broker, collector, rules, aggregation.

Two districts of five 60 W LED points; Ada pilots the renovation of district 0 (action A1),
Bob that of district 1 (A2), Lea leads the mission. Two hours of one night are published over
MQTT for every point; three lamps (two in district 0, one in district 1) draw 0.5 W. A running
collector stores the readings, the rules worker's event path raises a lamp failure per faulty
lamp and routes it to the pilot of the action covering it, and the aggregation computes the
rollups, each action's daily energy indicator and the effects. Tokens for every role.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx
import psycopg
from api_world import bearer, make_token
from factories import SmallTerritory, make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    make_settings,
    unique_prefix,
    wait_until,
    worker_listening,
)

from aggregation import effects, indicators, jobs
from aggregation import store as aggregation_store
from collector.topics import Kind, topic_of
from core.settings import Settings

Conn = psycopg.Connection[tuple[object, ...]]
STEP = timedelta(minutes=10)
READINGS = 13  # per point: two hours, every ten minutes
FAULTY = ("testville-P00000", "testville-P00001", "testville-P10000")
PROBLEM = "application/problem+json"


@dataclass
class Collected:
    """What ``collect_world`` made: codes, ids, the alerts raised per lamp, tokens per role."""

    town: SmallTerritory
    night: datetime
    people: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def _id(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def _policy(conn: Conn, world: Collected) -> None:
    """Ada's action on district 0 and Bob's on district 1, done a month ago; their indicators."""
    for key in ("ada", "bob", "lea"):
        world.people[key] = _id(
            conn,
            "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (key.title(), f"{key}@testville.example.org"),
        )
    policy = _id(
        conn,
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'TI', 'Smart town')"
        " RETURNING id",
        (world.town.territory_id,),
    )
    mission = _id(
        conn,
        "INSERT INTO missions (policy_id, code, title, domain, lead_id)"
        " VALUES (%s, '03', 'Lighting', 'lighting', %s) RETURNING id",
        (policy, world.people["lea"]),
    )
    today = datetime.now(UTC).date()
    for code, pilot, district in (("A1", "ada", 0), ("A2", "bob", 1)):
        action = _id(
            conn,
            "INSERT INTO actions (mission_id, code, title, status, pilot_id, actual_start,"
            " actual_end) VALUES (%s, %s, %s, 'done', %s, %s, %s) RETURNING id",
            (
                mission,
                code,
                f"LED in district {district}",
                world.people[pilot],
                today - timedelta(days=400),
                today - timedelta(days=30),
            ),
        )
        conn.execute(
            "INSERT INTO action_scopes (action_id, district_id) VALUES (%s, %s)",
            (action, world.town.district_ids[district]),
        )
        conn.execute(
            "INSERT INTO indicators (code, title, kind, unit, direction, action_id, computation)"
            " VALUES (%s, 'Energy of the scope', 'effect', 'kWh', 'decrease', %s,"
            " 'energy_consumed_kwh')",
            (f"{code}-ENERGY", action),
        )


def _messages(settings: Settings, world: Collected) -> list[tuple[str, bytes]]:
    """Every point's night: 60 W, or 0.5 W for the faulty ones, with its energy counter."""
    messages = []
    for code in world.town.point_codes:
        power = 0.5 if code in FAULTY else 60.0
        for k in range(READINGS):
            body = {
                "msgId": uuid.uuid4().hex,
                "ts": (world.night + k * STEP).isoformat(),
                "values": {
                    "powerState": "on",
                    "powerConsumption": power,
                    "illuminanceLevel": 1.0,
                    "totalActiveEnergyImport": 1.0 + power * k / 6000,  # kWh
                },
            }
            topic = topic_of(settings.mqtt_topic_prefix, "testville", Kind.LAMP, code)
            messages.append((topic, encode(body)))
    return messages


def _lamp_failures(conn: Conn) -> dict[int, int]:
    rows = conn.execute(
        "SELECT subject_id, id FROM alerts WHERE rule_id = 'lamp_failure' AND state = 'open'"
    ).fetchall()
    return {int(str(r[0])): int(str(r[1])) for r in rows}


def _collect(conn: Conn, url: str, broker_url: str, world: Collected) -> None:
    """Publish, let the collector store and the rules worker judge, until every alert is up."""
    settings = make_settings(url, broker_url, unique_prefix())
    publisher = Publisher(broker_url)
    expected = len(world.town.point_codes) * READINGS
    with collector_thread(settings), worker_listening(settings):
        publisher.publish_all(_messages(settings, world))
        wait_until(
            lambda: conn.execute("SELECT count(*) FROM lamp_readings").fetchone() == (expected,),
            what="the readings",
        )
        wait_until(lambda: len(_lamp_failures(conn)) == len(FAULTY), what="the lamp failures")
    publisher.close()
    by_point = _lamp_failures(conn)
    world.alerts = {code: by_point[world.town.point_ids[code]] for code in FAULTY}


def _aggregate(conn: Conn, world: Collected) -> None:
    """Rollups of the new batches, the actions' daily energy, their effects."""
    jobs.aggregate_pending(conn)
    (territory,) = aggregation_store.territories(conn, "testville")
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    first = world.night.date() - timedelta(days=1)
    indicators.compute_indicators(conn, territory, "day", first, tomorrow)
    effects.compute_effects(conn, territory, tomorrow)


def last_night() -> datetime:
    """23:00 UTC two hours before the last 01:00 UTC at least 20 minutes past: night all year."""
    now = datetime.now(UTC)
    one = now.replace(hour=1, minute=0, second=0, microsecond=0)
    if one > now - timedelta(minutes=20):
        one -= timedelta(days=1)
    return one - timedelta(hours=2)


def collect_world(conn: Conn, url: str, broker_url: str) -> Collected:
    """The territory, its policy, a night of readings through the real path, tokens."""
    world = Collected(town=make_territory(conn), night=last_night())
    # Its LEDs burn at full output all night: no dimming profile to apply (rule L-11).
    conn.execute("UPDATE light_point_equipment SET dimmable = false")
    _policy(conn, world)
    _collect(conn, url, broker_url, world)
    _aggregate(conn, world)
    world.tokens = {
        "admin": make_token(conn, "admin"),
        "evaluator": make_token(conn, "evaluator", world.people["lea"]),
        "viewer": make_token(conn, "viewer"),
        "ada": make_token(conn, "pilot", world.people["ada"]),
        "bob": make_token(conn, "pilot", world.people["bob"]),
    }
    return world


def local_day(world: Collected) -> date:
    """The local day (Europe/Paris) holding most of the night's readings."""
    return (world.night + timedelta(hours=2)).date()


Served = tuple[Collected, httpx.Client]


def ask(served: Served, who: str, method: str, path: str, body: object = None) -> httpx.Response:
    """A request with the token of ``who`` (a role, or ada and bob for the pilots)."""
    world, client = served
    return client.request(method, path, headers=bearer(world.tokens[who]), json=body)


def refusal(response: httpx.Response, status: int) -> str:
    """The detail of a problem response with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    return detail
