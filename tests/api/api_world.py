"""A small territory with a policy, people, indicators, effects and alerts, and tokens per role.

Plain functions; the API tests build one world per module and talk to it through HTTP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx
import psycopg
import uvicorn
from factories import SmallTerritory, make_territory
from servers import free_port

from api import store
from api.app import create_app
from api.tokens import display_prefix, hash_token, new_token
from core.settings import Settings

Conn = psycopg.Connection[tuple[object, ...]]


@dataclass
class World:
    """What ``make_world`` made: ids, codes and one token per role."""

    town: SmallTerritory
    people: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def _id(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def make_token(
    conn: Conn,
    role: str,
    person_id: int | None = None,
    territories: tuple[str, ...] = ("testville",),
) -> str:
    """A live token of ``role`` for ``person_id`` in ``territories``, stored as the API does."""
    token = new_token()
    store.insert_token(
        conn,
        token_sha256=hash_token(token),
        prefix=display_prefix(token),
        role=role,
        person_id=person_id,
        label="test",
        territories=territories,
    )
    return token


def make_world(
    conn: Conn, code: str = "testville", prefix: str = "", technology: str = "LED"
) -> World:
    """Two districts, a mission with two actions piloted by Ada and Bob, and Lea leading.

    Another territory of the same database takes another ``code`` and a ``prefix`` put before
    its policy's, actions' and indicators' codes (unique across territories) and its people's
    e-mails; its tokens see it alone.
    """
    world = World(town=make_territory(conn, code=code, technology=technology))
    for key, name in (("ada", "Ada Pilot"), ("bob", "Bob Pilot"), ("lea", "Lea Lead")):
        world.people[key] = _id(
            conn,
            "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (f"{name} {prefix}".strip(), f"{prefix.lower()}{key}@town.example.org"),
        )
        conn.execute(
            "INSERT INTO person_territories (person_id, territory_id) VALUES (%s, %s)",
            (world.people[key], world.town.territory_id),
        )
    policy = _id(
        conn,
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, %s, 'Smart town')"
        " RETURNING id",
        (world.town.territory_id, f"{prefix}P1"),
    )
    mission = _id(
        conn,
        "INSERT INTO missions (policy_id, code, title, domain, lead_id)"
        " VALUES (%s, '03', 'Lighting', 'lighting', %s) RETURNING id",
        (policy, world.people["lea"]),
    )
    for key, pilot, district in (("A1", "ada", 0), ("A2", "bob", 1)):
        action = _id(
            conn,
            "INSERT INTO actions (mission_id, code, title, status, pilot_id, planned_start,"
            " planned_end, actual_start, actual_end) VALUES (%s, %s, %s, 'done', %s,"
            " '2024-01-01', '2024-03-31', '2024-01-10', '2024-03-20') RETURNING id",
            (mission, f"{prefix}{key}", f"Renovate district {district}", world.people[pilot]),
        )
        world.actions[key] = action
        conn.execute(
            "INSERT INTO action_scopes (action_id, district_id) VALUES (%s, %s)",
            (action, world.town.district_ids[district]),
        )
        conn.execute(
            "INSERT INTO budget_lines (mission_id, action_id, year, planned_eur, committed_eur,"
            " spent_eur) VALUES (%s, %s, 2024, 100000, 90000, 80000)",
            (mission, action),
        )
        _indicators(conn, action, f"{prefix}{key}")
        _effect(conn, action)
        world.alerts[key] = _alert(conn, world.town.territory_id, action, world.people[pilot])
    conn.execute(
        "INSERT INTO meteo_history (subject_kind, subject_id, status, explanation)"
        " VALUES ('action', %s, 'sunny', 'savings above target')",
        (world.actions["A1"],),
    )
    conn.execute(
        "INSERT INTO analyses (mission_id, kind, written_on, author_id, body)"
        " VALUES (%s, 'analysis', '2024-06-01', %s, 'Works on schedule.')",
        (mission, world.people["lea"]),
    )
    mine = (world.town.code,)
    world.tokens = {
        "admin": make_token(conn, "admin", territories=mine),
        "evaluator": make_token(conn, "evaluator", world.people["lea"], territories=mine),
        "viewer": make_token(conn, "viewer", territories=mine),
        "ada": make_token(conn, "pilot", world.people["ada"], territories=mine),
        "bob": make_token(conn, "pilot", world.people["bob"], territories=mine),
    }
    return world


def _indicators(conn: Conn, action: int, code: str) -> None:
    computed = _id(
        conn,
        "INSERT INTO indicators (code, title, kind, unit, direction, action_id)"
        " VALUES (%s, 'Energy of the scope', 'effect', 'kWh', 'decrease', %s) RETURNING id",
        (f"{code}-ENERGY", action),
    )
    conn.execute(
        "INSERT INTO indicator_targets (indicator_id, target_on, value)"
        " VALUES (%s, '2025-12-31', 900)",
        (computed,),
    )
    for month in range(1, 13):
        conn.execute(
            "INSERT INTO indicator_values (indicator_id, period, period_start, value, source,"
            " method, method_version, coverage, warnings) VALUES (%s, 'month', %s, %s,"
            " 'computed', 'scope_energy', '1', 0.95, %s)",
            (
                computed,
                date(2024, month, 1),
                1000.0 - month,
                ["low coverage"] if month == 1 else [],
            ),
        )
    conn.execute(
        "INSERT INTO indicators (code, title, kind, unit, direction, action_id)"
        " VALUES (%s, 'Lanterns replaced', 'activity', 'count', 'increase', %s)",
        (f"{code}-DONE", action),
    )


def _effect(conn: Conn, action: int) -> None:
    conn.execute(
        "INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,"
        " reporting_start, reporting_end, counterfactual_kwh, actual_kwh, saved_kwh,"
        " saved_kwh_low, saved_kwh_high, saved_pct, saved_pct_low, saved_pct_high,"
        " coverage_baseline, coverage_reporting, sufficient, warnings) VALUES (%s,"
        " 'degree_day_regression', '1.0', '2023-01-10', '2024-01-10', '2024-03-21',"
        " '2025-03-21', 10000, 6000, 4000, 3500, 4500, 40, 35, 45, 0.97, 0.93, true,"
        " ARRAY['control group smaller than scope'])",
        (action,),
    )


def _alert(conn: Conn, territory: int, action: int, pilot: int) -> int:
    return _id(
        conn,
        "INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        " summary, group_key, routed_to, routed_via, action_id, first_seen, last_seen)"
        " VALUES (%s, 'day_burner', 'lighting', 'action', %s, 'high', 'Lamp burns by day',"
        " 'g', %s, 'action_pilot', %s, %s, %s) RETURNING id",
        (territory, action, pilot, action, _ago(2), _ago(1)),
    )


def _ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def settings_for(db_url: str, **overrides: object) -> Settings:
    """Settings of an API serving ``testville`` from ``db_url``."""
    values: dict[str, object] = {"database_url": db_url, "territory": "testville", **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@contextmanager
def running_api(settings: Settings, port: int | None = None) -> Iterator[str]:
    """The API served by uvicorn on a loopback port (a free one by default), in a thread.

    Yields its base URL.
    """
    port = port or free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the API server stopped while starting"
        assert time.monotonic() < deadline, "the API server did not start in 20 s"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


@contextmanager
def api_client(settings: Settings) -> Iterator[httpx.Client]:
    """An HTTP client of a running API."""
    with running_api(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}
