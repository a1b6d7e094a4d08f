"""A territory for the browser tests, filled the way real data comes.

Through the broker, the collector, the rules worker and the aggregation.

Two cabinets of a generated lighting territory of known truth (``simulator.known_answers``):
C1's twelve lamps are renovated to LED in January 2025 by action A1, piloted by Ada; C2's six stay
as they were, in action A2, piloted by Bob; Lea evaluates, Vic follows as a viewer. Tonight three
of C1's lamps and one of C2's draw 0.5 W: the rules worker's event path raises a lamp failure for
each and routes it to the action's pilot. Then nine months of the cabinets' readings go through
the broker and the collector, and the aggregation computes the rollups, A1's daily energy and the
effects.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import psycopg
from collected_world import last_night
from effects_world import Setup, evaluate, publish, register
from ingest_helpers import Publisher, encode, make_settings, unique_prefix, wait_until
from ingest_helpers import worker_listening as rules_worker

from aggregation import indicators
from aggregation import store as aggregation_store
from collector.topics import Kind, topic_of
from simulator.known_answers import Lamp, Scenario

Conn = psycopg.Connection[tuple[object, ...]]
FIRST = date(2024, 1, 1)
WORKS = (date(2025, 1, 6), date(2025, 1, 17))
AS_OF = date(2026, 1, 25)
FAILING = ("C1-000", "C1-001", "C1-002", "C2-000")
PEOPLE = {
    "ada": ("Ada Pilote", "pilot"),
    "bob": ("Bob Pilote", "pilot"),
    "lea": ("Léa Évaluatrice", "evaluator"),
    "vic": ("Vic Lecteur", "viewer"),
}


@dataclass
class BrowserWorld:
    """People by key, alerts by lamp code."""

    people: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, int] = field(default_factory=dict)

    def email(self, key: str) -> str:
        """The e-mail of a person of the world."""
        return f"{key}@testville.example.org"


def _lamps() -> list[Lamp]:
    rng = random.Random(7)
    renovated = [
        Lamp(f"C1-{n:03d}", "C1", 172.5, float(rng.randint(60, 80)),
             WORKS[0] + timedelta(days=n % 10), metered_after=False)
        for n in range(12)
    ]  # fmt: skip
    kept = [Lamp(f"C2-{n:03d}", "C2", 172.5, None, None) for n in range(6)]
    return renovated + kept


def _one(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def _policy(conn: Conn, world: BrowserWorld, ids: dict[str, int]) -> None:
    """People and roles, A1's pilot, A2 on C2, an indicator and its target, an analysis."""
    for key, (name, role) in PEOPLE.items():
        world.people[key] = _one(
            conn, "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (name, world.email(key)),
        )  # fmt: skip
        conn.execute("INSERT INTO person_roles VALUES (%s, %s)", (world.people[key], role))
        conn.execute(
            "INSERT INTO person_territories SELECT %s, id FROM territories"
            " WHERE code = 'testville'",
            (world.people[key],),
        )
    conn.execute(
        "UPDATE actions SET pilot_id = %s, title = 'Rénovation LED du secteur C1' WHERE id = %s",
        (world.people["ada"], ids["action"]),
    )
    mission = _one(conn, "SELECT mission_id FROM actions WHERE id = %s", (ids["action"],))
    conn.execute("UPDATE missions SET title = 'Éclairage public', lead_id = %s WHERE id = %s",
                 (world.people["lea"], mission))  # fmt: skip
    a2 = _one(
        conn,
        "INSERT INTO actions (mission_id, code, title, status, pilot_id) VALUES"
        " (%s, 'A2', 'Télégestion du secteur C2', 'in_progress', %s) RETURNING id",
        (mission, world.people["bob"]),
    )
    conn.execute("INSERT INTO action_scopes (action_id, cabinet_id) VALUES (%s, %s)",
                 (a2, ids["C2"]))  # fmt: skip
    energy = _one(
        conn,
        "INSERT INTO indicators (code, title, kind, unit, direction, action_id, computation)"
        " VALUES ('A1-ENERGY', 'Énergie du périmètre', 'effect', 'kWh', 'decrease', %s,"
        " 'energy_consumed_kwh') RETURNING id",
        (ids["action"],),
    )
    conn.execute("INSERT INTO indicator_targets VALUES (%s, '2025-12-31', 20)", (energy,))
    conn.execute(
        "INSERT INTO budget_lines (mission_id, action_id, year, planned_eur, committed_eur,"
        " spent_eur) VALUES (%s, %s, 2025, 120000, 110000, 95000)",
        (mission, ids["action"]),
    )
    conn.execute(
        "INSERT INTO analyses (action_id, kind, written_on, author_id, body, window_start,"
        " window_end) VALUES (%s, 'analysis', '2025-06-15', %s,"
        " 'Les économies attendues sont atteintes.', '2025-02-01', '2025-06-01')",
        (ids["action"], world.people["lea"]),
    )


def _failures(conn: Conn, db_url: str, broker_url: str, world: BrowserWorld) -> None:
    """Tonight's readings of every lamp; the failing ones at 0.5 W, judged by the rules worker."""
    settings = make_settings(db_url, broker_url, unique_prefix(), territory="testville")
    night = last_night()
    messages = []
    for code in (*(f"C1-{n:03d}" for n in range(12)), *(f"C2-{n:03d}" for n in range(6))):
        power = 0.5 if code in FAILING else 60.0
        for k in range(13):
            body = {
                "msgId": uuid.uuid4().hex,
                "ts": (night + k * timedelta(minutes=10)).isoformat(),
                "values": {"powerState": "on", "powerConsumption": power,
                           "totalActiveEnergyImport": 1.0 + power * k / 6000},
            }  # fmt: skip
            topic = topic_of(settings.mqtt_topic_prefix, "testville", Kind.LAMP, code)
            messages.append((topic, encode(body)))
    from ingest_helpers import collector_thread  # noqa: PLC0415 - beside the worker

    publisher = Publisher(broker_url)
    with collector_thread(settings), rules_worker(settings):
        publisher.publish_all(messages)
        wait_until(lambda: len(_alerts(conn)) == len(FAILING), what="the lamp failures")
    publisher.close()
    world.alerts = _alerts(conn)


def _alerts(conn: Conn) -> dict[str, int]:
    rows = conn.execute(
        "SELECT lp.code, a.id FROM alerts a JOIN light_points lp ON lp.id = a.subject_id"
        " WHERE a.rule_id = 'lamp_failure' AND a.routed_to IS NOT NULL"
    ).fetchall()
    return {str(code): int(str(alert)) for code, alert in rows}


def build(conn: Conn, db_url: str, broker_url: str) -> BrowserWorld:
    """The territory, its policy and people, tonight's failures, the history and its effects."""
    world = BrowserWorld()
    scenario = Scenario(_lamps(), FIRST, AS_OF, seed=3)
    setup = Setup(WORKS, AS_OF, scope_cabinets=("C1",), step=timedelta(hours=4))
    ids = register(conn, scenario, setup)
    _policy(conn, world, ids)
    _failures(conn, db_url, broker_url, world)
    publish(conn, db_url, broker_url, scenario, setup.step)
    evaluate(conn, AS_OF)
    (territory,) = aggregation_store.territories(conn, "testville")
    indicators.compute_indicators(conn, territory, "month", FIRST, AS_OF)
    return world


def now() -> datetime:
    """The current instant."""
    return datetime.now(UTC)
