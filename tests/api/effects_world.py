"""A lighting territory of known truth, registered, published through the broker, evaluated.

``evaluate_scenario`` registers a ``simulator.known_answers.Scenario`` (cabinets, lamps and their
equipment history, one action, an optional control group), publishes every cabinet's readings
through Mosquitto to a running collector, runs the rollups and the effects as of a date, and
reads the action's effects back through the API, as an evaluator would.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import psycopg
from api_world import api_client, bearer, make_token, settings_for
from ingest_helpers import Publisher, collector_thread, make_settings, unique_prefix, wait_until

from aggregation import effects, jobs
from aggregation import store as aggregation_store
from collector.service import CollectorOptions
from collector.topics import Kind, topic_of
from simulator.known_answers import Lamp, Scenario, readings

Conn = psycopg.Connection[tuple[object, ...]]
TERRITORY = "testville"


@dataclass
class Setup:
    """How the territory is registered: offsets, the action's works and scope, its control."""

    works: tuple[date, date]
    as_of: date
    step: timedelta = timedelta(hours=3)
    configured_offsets: tuple[float, float] = (15.0, 15.0)
    scope_cabinets: tuple[str, ...] = ()
    control_cabinets: tuple[str, ...] = ()
    districts: dict[str, str] = field(default_factory=dict)  # cabinet: district


def _id(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def register(conn: Conn, scenario: Scenario, setup: Setup) -> dict[str, int]:
    """The territory, its cabinets, lamps and equipment history, and the action; ids by code."""
    territory = _id(
        conn,
        "INSERT INTO territories (code, name, timezone, latitude, longitude,"
        " switch_on_offset_min, switch_off_offset_min) VALUES (%s, 'Testville', %s, %s, %s,"
        " %s, %s) RETURNING id",
        (TERRITORY, scenario.zone, scenario.latitude, scenario.longitude,
         *setup.configured_offsets),
    )  # fmt: skip
    commune = _id(
        conn,
        "INSERT INTO communes (territory_id, insee_code, name) VALUES (%s, '49999', 'T')"
        " RETURNING id",
        (territory,),
    )
    ids: dict[str, int] = {}
    for cabinet in sorted({lamp.cabinet for lamp in scenario.lamps}):
        district = setup.districts.get(cabinet, "D0")
        if district not in ids:
            ids[district] = _id(
                conn,
                "INSERT INTO districts (commune_id, code, name) VALUES (%s, %s, %s) RETURNING id",
                (commune, district, district),
            )
        ids[cabinet] = _id(
            conn,
            "INSERT INTO control_cabinets (code, district_id, latitude, longitude,"
            " remote_controlled) VALUES (%s, %s, 47.47, -0.55, true) RETURNING id",
            (cabinet, ids[district]),
        )
    for lamp in scenario.lamps:
        ids[lamp.code] = _lamp(conn, lamp, ids[setup.districts.get(lamp.cabinet, "D0")], ids)
    ids["action"] = _action(conn, territory, setup, ids)
    return ids


def _lamp(conn: Conn, lamp: Lamp, district: int, ids: dict[str, int]) -> int:
    point = _id(
        conn,
        "INSERT INTO light_points (code, district_id, cabinet_id, latitude, longitude)"
        " VALUES (%s, %s, %s, 47.47, -0.55) RETURNING id",
        (lamp.code, district, ids[lamp.cabinet]),
    )
    insert = (
        "INSERT INTO light_point_equipment (light_point_id, valid_from, valid_to, technology,"
        " nominal_power_w, ballast_loss_pct, controller_id, remote_controlled, dimmable)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    changes = lamp.after_w is not None and lamp.switched_on is not None
    conn.execute(
        insert.encode(),
        (point, date(2010, 1, 1), lamp.switched_on if changes else None, "HPS",
         lamp.before_w / 1.15, 15.0, f"C-{lamp.code}", lamp.metered_before, False),
    )  # fmt: skip
    if changes:
        conn.execute(
            insert.encode(),
            (point, lamp.switched_on, None, "LED", lamp.after_w, 0.0, f"C-{lamp.code}",
             lamp.metered_after, lamp.dimmed),
        )  # fmt: skip
    return point


def _action(conn: Conn, territory: int, setup: Setup, ids: dict[str, int]) -> int:
    policy = _id(
        conn,
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P') RETURNING id",
        (territory,),
    )
    mission = _id(
        conn,
        "INSERT INTO missions (policy_id, code, title, domain) VALUES (%s, '03', 'Lighting',"
        " 'lighting') RETURNING id",
        (policy,),
    )
    action = _id(
        conn,
        "INSERT INTO actions (mission_id, code, title, status, actual_start, actual_end)"
        " VALUES (%s, 'A1', 'Renovation', 'done', %s, %s) RETURNING id",
        (mission, *setup.works),
    )
    for role, cabinets in (("treated", setup.scope_cabinets), ("control", setup.control_cabinets)):
        for cabinet in cabinets:
            conn.execute(
                "INSERT INTO action_scopes (action_id, role, cabinet_id) VALUES (%s, %s, %s)",
                (action, role, ids[cabinet]),
            )
    return action


def publish(conn: Conn, db_url: str, broker_url: str, scenario: Scenario, step: timedelta) -> int:
    """Publish every cabinet's readings through the broker; wait until all are stored."""
    settings = make_settings(db_url, broker_url, unique_prefix(), territory=TERRITORY)
    messages, expected = [], _stored(conn)
    before = expected
    for reading in readings(scenario, step):
        body: dict[str, Any] = {"msgId": uuid.uuid4().hex[:24], "ts": reading.ts.isoformat()}
        if reading.meter_kwh is not None:
            body["values"] = {
                "energyConsumed": round(reading.meter_kwh, 4),
                "totalActivePower": round(reading.meter_w or 0.0, 2),
            }
            expected += 1
        body["points"] = [
            {"id": code, "values": {"totalActiveEnergyImport": round(kwh, 5),
                                    "powerConsumption": round(watts, 2)}}
            for code, (kwh, watts) in reading.points.items()
        ]  # fmt: skip
        expected += len(body["points"])
        if body["points"] or "values" in body:
            topic = topic_of(settings.mqtt_topic_prefix, TERRITORY, Kind.CABINET, reading.cabinet)
            messages.append((topic, json.dumps(body, separators=(",", ":")).encode()))
    publisher = Publisher(broker_url)
    options = CollectorOptions(metrics_port=None, max_age=timedelta(days=5000))
    try:
        with collector_thread(settings, options):
            publisher.publish_all(messages, timeout=120)
            wait_until(lambda: _stored(conn) >= expected, timeout=180, what="the readings")
    finally:
        publisher.close()
    assert _stored(conn) == expected
    return expected - before


def _stored(conn: Conn) -> int:
    row = conn.execute(
        "SELECT (SELECT count(*) FROM cabinet_readings) + (SELECT count(*) FROM lamp_readings)"
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def evaluate(conn: Conn, as_of: date) -> None:
    """The rollups of what was stored (the cabinets' days too), then the effects as of a date."""
    jobs.aggregate_pending(conn)
    (territory,) = aggregation_store.territories(conn, TERRITORY)
    effects.compute_effects(conn, territory, as_of)


def read_effects(conn: Conn, db_url: str) -> dict[str, dict[str, Any]]:
    """The action's latest effects by method, as the evaluators' export serves them."""
    token = make_token(conn, "evaluator")
    with api_client(settings_for(db_url)) as client:
        response = client.get("/v1/exports/effects?format=json", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {e["method"]: e for e in response.json() if e["action_code"] == "A1"}


def evaluate_scenario(
    conn: Conn, db_url: str, broker_url: str, scenario: Scenario, setup: Setup
) -> dict[str, dict[str, Any]]:
    """Register, publish, evaluate, read back: the action's effects by method."""
    register(conn, scenario, setup)
    publish(conn, db_url, broker_url, scenario, setup.step)
    evaluate(conn, setup.as_of)
    return read_effects(conn, db_url)
