"""Helpers of the rules tests: a small territory with its policy, readings, rule runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import psycopg
from factories import SmallTerritory, make_territory

from core.database import Connection
from rules import store
from rules.catalogue import RULES
from rules.engine import run_rule
from rules.model import RunResult, Territory

Conn = psycopg.Connection[tuple[object, ...]]


@dataclass
class Policy:
    """People and actions of the test policy."""

    people: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


@dataclass
class Place:
    """The territory, its policy and its assets."""

    small: SmallTerritory
    territory: Territory
    policy: Policy
    cabinet_ids: list[int]
    building_ids: list[int]


def _id(conn: Conn, query: str, params: Sequence[object]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def make_policy(conn: Conn, small: SmallTerritory) -> Policy:
    """Leads of the lighting and buildings missions, one renovation action on district 0."""
    policy = Policy()
    for name in ("lighting_lead", "buildings_lead", "pilot", "programme"):
        policy.people[name] = _id(
            conn,
            "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (name, f"{name}@{small.code}.example.org"),
        )
    policy_id = _id(
        conn,
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, %s, 'TI') RETURNING id",
        (small.territory_id, f"TI-{small.code}"),
    )
    missions = {}
    for code, domain, lead in (
        ("03", "lighting", "lighting_lead"),
        ("04", "buildings", "buildings_lead"),
    ):
        missions[domain] = _id(
            conn,
            "INSERT INTO missions (policy_id, code, title, domain, lead_id)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (policy_id, code, domain, domain, policy.people[lead]),
        )
    policy.actions["renovation"] = _id(
        conn,
        "INSERT INTO actions (mission_id, code, title, status, pilot_id)"
        " VALUES (%s, %s, 'Renovation D0', 'in_progress', %s) RETURNING id",
        (missions["lighting"], f"{small.code}-03-D0", policy.people["pilot"]),
    )
    conn.execute(
        "INSERT INTO action_scopes (action_id, district_id) VALUES (%s, %s)",
        (policy.actions["renovation"], small.district_ids[0]),
    )
    return policy


def make_place(db: Conn, **options: object) -> Place:
    """Two districts of one cabinet and five LED points each, a school, a policy."""
    small = make_territory(db, **options)  # type: ignore[arg-type]
    policy = make_policy(db, small)
    cabinets = [int(str(r[0])) for r in db.execute(b"SELECT id FROM control_cabinets ORDER BY id")]
    buildings = [int(str(r[0])) for r in db.execute(b"SELECT id FROM buildings ORDER BY id")]
    (territory,) = store.territories(db, small.code)
    return Place(small, territory, policy, cabinets, buildings)


def copy_lamp_readings(conn: Conn, rows: Iterable[Sequence[object]]) -> None:
    """COPY (light_point_id, ts, power_w, dimming_pct, power_state) rows.

    Each point's latest reading (``lamp_latest``) is then rebuilt from the readings, as the
    collector keeps it with the readings it writes.
    """
    with (
        conn.cursor() as cur,
        cur.copy(
            b"COPY lamp_readings (light_point_id, ts, power_w, dimming_pct, power_state) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    conn.execute(b"DELETE FROM lamp_latest")
    conn.execute(
        b"INSERT INTO lamp_latest SELECT DISTINCT ON (light_point_id) * FROM lamp_readings"
        b" ORDER BY light_point_id, ts DESC"
    )


def copy_meter_readings(conn: Conn, rows: Iterable[Sequence[object]]) -> None:
    """COPY (meter_id, ts, value) rows."""
    with (
        conn.cursor() as cur,
        cur.copy(b"COPY meter_readings (meter_id, ts, value) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def run(
    conn: Conn,
    place: Place,
    rule_id: str,
    now: datetime,
    window: tuple[datetime, datetime] | None = None,
) -> RunResult:
    """Run one rule of the catalogue in the test territory."""
    return run_rule(conn, RULES[rule_id], place.territory, now=now, window=window)


def live_alerts(conn: Conn, rule_id: str) -> list[tuple[object, ...]]:
    """(subject_id, severity, state, routed_to, routed_via) of a rule's live alerts."""
    return conn.execute(
        b"SELECT subject_id, severity, state, routed_to, routed_via FROM alerts"
        b" WHERE rule_id = %s AND state IN ('open', 'acknowledged') ORDER BY subject_id",
        (rule_id,),
    ).fetchall()


__all__ = ["Connection"]
