"""A small territory whose readings arrive through the broker and the real collector.

Nine days of light-point readings (every 10 minutes, sent as cabinet messages) and hourly
building meter readings are published over MQTT and stored by ``run_collector``; rollups are
rebuilt by the aggregation job. What other services write (policy tree, alerts, effects,
indicator values, weather) is inserted as they would store it. Every expected value of the
panel tests follows from the constants here.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import paho.mqtt.client as mqtt
import psycopg
from factories import SmallTerritory, make_territory
from paho.mqtt.enums import CallbackAPIVersion

from aggregation.jobs import aggregate_all
from collector.service import CollectorOptions, run_collector
from collector.topics import Kind, topic_of
from core.settings import Settings

CODE = "grafville"
PREFIX = "grafana-test/v1"
STEP = timedelta(minutes=10)
DAYS = 9
POWER_W = {0: 50.0, 1: 100.0}  # by district index
SILENT_POINT, FAILING_POINT, DAY_BURNER_POINT = "P10004", "P00000", "P10000"
SILENT = f"{CODE}-{SILENT_POINT}"  # never reports
FAILING = f"{CODE}-{FAILING_POINT}"  # lamp failure, no power, over the last day
DAY_BURNER = f"{CODE}-{DAY_BURNER_POINT}"  # flagged day burner over the last day
BAD_MESSAGES = 3

Conn = psycopg.Connection[tuple[Any, ...]]


@dataclass(frozen=True)
class Scenario:
    """What was stored: readings from ``start`` to ``end``, everything else before ``until``."""

    territory: SmallTerritory
    start: datetime
    end: datetime
    until: datetime


def build(conn: Conn, db_url: str, mqtt_url: str, code: str = CODE) -> Scenario:
    """The territory, its readings through the collector, rollups, and the policy's rows.

    Another ``code`` builds the same territory under that code, next to the first one.
    """
    territory = make_territory(conn, code=code, districts=2, points_per_cabinet=5)
    conn.execute(
        "UPDATE light_point_equipment SET technology = 'HPS', ballast_loss_pct = 15"
        " WHERE light_point_id IN (SELECT id FROM light_points WHERE code LIKE %s)",
        (f"{code}-P1%",),
    )
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    start = end - timedelta(days=DAYS)
    messages = lighting_messages(code, start, end) + meter_messages(code, territory, start, end)
    bad = (topic_of(PREFIX, code, Kind.LAMP, f"{code}-{FAILING_POINT}"), b"\xff{not json")
    messages += [bad] * BAD_MESSAGES
    instants = int((end - start) / STEP) + 1
    hours = int((end - start) / timedelta(hours=1)) + 1
    collect(conn, (db_url, mqtt_url, code), messages, lamp_rows=instants * 9, meter_rows=hours * 2)
    aggregate_all(conn)
    add_policy(conn, territory, end)
    add_weather(conn, territory, start, end)
    until = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=5)
    return Scenario(territory, start, end, until)


def lighting_messages(code: str, start: datetime, end: datetime) -> list[tuple[str, bytes]]:
    """One cabinet message per district every 10 minutes, carrying its reporting points."""
    messages: list[tuple[str, bytes]] = []
    last_day = end - timedelta(days=1)
    steps = int((end - start) / STEP)
    for d in (0, 1):
        cabinet = f"{code}-C{d}0"
        for i in range(steps + 1):
            ts = start + i * STEP
            points = []
            for p in range(5):
                point = f"P{d}0{p:03d}"
                if point == SILENT_POINT:
                    continue
                failing = point == FAILING_POINT and ts > last_day
                energy_kwh = POWER_W[d] * (i * STEP.total_seconds()) / 3.6e6
                if failing:
                    energy_kwh = POWER_W[d] * ((last_day - start).total_seconds()) / 3.6e6
                values = {
                    "powerState": "on",
                    "powerConsumption": 0.0 if failing else POWER_W[d],
                    "totalActiveEnergyImport": round(energy_kwh, 6),
                    "lampFailure": failing,
                    "dayBurner": point == DAY_BURNER_POINT and ts > last_day,
                }
                points.append({"id": f"{code}-{point}", "values": values})
            payload = {"msgId": uuid.uuid4().hex, "ts": ts.isoformat(), "points": points}
            messages.append((topic_of(PREFIX, code, Kind.CABINET, cabinet), _json(payload)))
    return messages


def meter_messages(
    code: str, territory: SmallTerritory, start: datetime, end: datetime
) -> list[tuple[str, bytes]]:
    """Hourly electricity (2 kWh in occupied hours, 1 kWh otherwise) and indoor temperature."""
    messages: list[tuple[str, bytes]] = []
    building = territory.building_codes[0]
    total = 0.0
    for h in range(int((end - start) / timedelta(hours=1)) + 1):
        ts = start + timedelta(hours=h)
        total += 2.0 if occupied(ts) else 1.0
        for meter, values in (
            (f"{building}-ELEC", {"totalActiveEnergyImport": total}),
            (f"{building}-INDO", {"temperature": 20.0 if occupied(ts) else 17.0}),
        ):
            payload = {"msgId": uuid.uuid4().hex, "ts": ts.isoformat(), "values": values}
            messages.append((topic_of(PREFIX, code, Kind.METER, meter), _json(payload)))
    return messages


def occupied(ts: datetime) -> bool:
    """Weekdays 07:00-19:00 in Paris, as the dashboards count it (UTC+1 in winter)."""
    local = ts + timedelta(hours=1)
    return local.isoweekday() <= 5 and 7 <= local.hour <= 18


def collect(
    conn: Conn,
    where: tuple[str, str, str],
    messages: list[tuple[str, bytes]],
    *,
    lamp_rows: int,
    meter_rows: int,
) -> None:
    """Publish every message at QoS 1 and run the collector until all of them are stored.

    ``where`` is the database, the broker and the territory the collector serves.
    """
    db_url, mqtt_url, code = where
    settings = Settings(
        database_url=db_url,
        mqtt_url=mqtt_url,
        mqtt_topic_prefix=PREFIX,
        mqtt_client_id=f"grafana-collector-{uuid.uuid4().hex[:6]}",
        territory=code,
        batch_max_rows=2_000,
        batch_max_delay_ms=50,
    )
    stop = threading.Event()
    errors: list[BaseException] = []

    def target() -> None:
        try:
            run_collector(settings, stop, CollectorOptions(metrics_port=None))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    time.sleep(0.5)
    try:
        _publish(mqtt_url, messages)
        _wait_stored(conn, code, lamp_rows, meter_rows)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors


def _publish(mqtt_url: str, messages: list[tuple[str, bytes]]) -> None:
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2, client_id=f"pub-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5
    )
    client.max_inflight_messages_set(1000)
    client.connect("127.0.0.1", int(mqtt_url.rsplit(":", 1)[1]))
    client.loop_start()
    try:
        infos = [client.publish(topic, payload, qos=1) for topic, payload in messages]
        for info in infos:
            info.wait_for_publish(60)
    finally:
        client.disconnect()
        client.loop_stop()


def _wait_stored(conn: Conn, code: str, lamp_rows: int, meter_rows: int) -> None:
    """Until every reading of the territory is stored and every bad message dead-lettered."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM dead_letters WHERE topic LIKE %(topics)s),"
            " (SELECT count(*) FROM lamp_readings r JOIN light_points lp"
            "  ON lp.id = r.light_point_id WHERE lp.code LIKE %(codes)s),"
            " (SELECT count(*) FROM meter_readings r JOIN meters m ON m.id = r.meter_id"
            "  WHERE m.code LIKE %(codes)s)",
            {"topics": f"{PREFIX}/{code}/%", "codes": f"{code}-%"},
        ).fetchone()
        if row == (BAD_MESSAGES, lamp_rows, meter_rows):
            return
        time.sleep(0.1)
    raise AssertionError(f"the collector did not store every message in 60 s: {row}")


def add_policy(conn: Conn, territory: SmallTerritory, end: datetime) -> None:
    """A policy: a lighting mission and action, budgets, météo, indicators, an effect, alerts."""
    works = (end - timedelta(days=3)).date()
    code = territory.code
    # Policy, action and indicator codes are unique in the installation: another territory's
    # carry its code.
    suffix = "" if code == CODE else f"-{code}"
    params: dict[str, Any] = {
        "code": code,
        "policy_code": f"TI{suffix}",
        "action_code": f"A03-01{suffix}",
        "indicator_code": f"A03-01-E{suffix}",
        "works": works,
        "pilot": f"pia@{code}.example.org",
        "lead": f"leo@{code}.example.org",
    }
    ids = (
        (
            "policy",
            (
                "INSERT INTO policies (territory_id, code, title)"
                " SELECT id, %(policy_code)s, 'Territoire Intelligent' FROM territories"
                " WHERE code = %(code)s"
                " RETURNING id"
            ),
        ),
        (
            "mission",
            (
                "INSERT INTO missions (policy_id, code, title, domain, lead_id)"
                " SELECT %(policy)s, 'M03', 'Eclairage public', 'lighting', id FROM people"
                " WHERE email = %(lead)s RETURNING id"
            ),
        ),
        (
            "action",
            (
                "INSERT INTO actions (mission_id, code, title, status, pilot_id,"
                " planned_start, planned_end, actual_start, actual_end)"
                " SELECT %(mission)s, %(action_code)s, 'Rénovation District 1', 'in_progress', id,"
                " %(works)s, %(works)s + 30, %(works)s, NULL FROM people WHERE email = %(pilot)s"
                " RETURNING id"
            ),
        ),
        (
            "indicator",
            (
                "INSERT INTO indicators (code, title, kind, unit, direction, action_id,"
                " baseline_value) VALUES (%(indicator_code)s, 'Énergie économisée', 'effect',"
                " 'kWh', 'increase', %(action)s, 0) RETURNING id"
            ),
        ),
    )
    conn.execute(
        "INSERT INTO people (name, email) VALUES ('Pia Pilote', %(pilot)s), ('Léo Lead', %(lead)s)",
        params,
    )
    for name, statement in ids:
        row = conn.execute(statement.encode(), params).fetchone()
        assert row is not None
        params[name] = row[0]
    script = (
        "INSERT INTO budget_lines (mission_id, action_id, year, planned_eur, committed_eur,"
        " spent_eur) VALUES (%(mission)s, %(action)s, 2026, 100000, 60000, 25000);"
        "INSERT INTO budget_lines (mission_id, year, planned_eur)"
        " VALUES (%(mission)s, 2026, 5000);"
        "INSERT INTO meteo_history (subject_kind, subject_id, status, explanation)"
        " VALUES ('action', %(action)s, 'cloudy', 'travaux en retard');"
        "INSERT INTO analyses (action_id, kind, written_on, body)"
        " VALUES (%(action)s, 'analysis', %(works)s + 1, 'Premières mesures conformes');"
        "INSERT INTO indicator_values (indicator_id, period, period_start, value, source,"
        " method) VALUES (%(indicator)s, 'month', date_trunc('month', %(works)s::date), 300,"
        " 'computed', 'effects');"
        "INSERT INTO indicator_targets (indicator_id, target_on, value)"
        " VALUES (%(indicator)s, %(works)s + 300, 1200);"
        "INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,"
        " reporting_start, reporting_end, counterfactual_kwh, actual_kwh, saved_kwh,"
        " saved_kwh_low, saved_kwh_high, saved_pct, coverage_baseline, coverage_reporting,"
        " sufficient) VALUES (%(action)s, 'ratio', '1.0', %(works)s - 60, %(works)s,"
        " %(works)s, %(works)s + 2, 100, 60, 40, 30, 50, 40, 1, 1, true);"
    )
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement.encode(), params)
    alerts = (
        ("lamp_failure", "high", "open", timedelta(hours=5), None),
        ("day_burner", "medium", "acknowledged", timedelta(days=2), timedelta(hours=2)),
        ("meter_silent", "low", "resolved", timedelta(days=3), timedelta(hours=1)),
    )
    for rule, severity, state, age, ack_after in alerts:
        first_seen = end - age
        acknowledged = first_seen + ack_after if ack_after else None
        conn.execute(
            "INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id,"
            " severity, state, summary, group_key, first_seen, last_seen, routed_to, action_id,"
            " acknowledged_at, resolved_at)"
            " SELECT %(territory)s, %(rule)s, 'lighting', 'light_point',"
            " (SELECT min(id) FROM light_points WHERE code LIKE %(points)s), %(severity)s,"
            " %(state)s, %(summary)s, %(rule)s, %(first_seen)s, %(first_seen)s,"
            " (SELECT id FROM people WHERE email = %(pilot)s),"
            " %(action)s,"
            " %(acknowledged)s::timestamptz, CASE WHEN %(state)s = 'resolved'"
            " THEN %(first_seen)s::timestamptz + interval '4 hours' END",
            {
                **params,
                "territory": territory.territory_id,
                "points": f"{code}-%",
                "rule": rule,
                "severity": severity,
                "state": state,
                "summary": f"{rule} on a light point",
                "first_seen": first_seen,
                "acknowledged": acknowledged,
            },
        )


def add_weather(conn: Conn, territory: SmallTerritory, start: datetime, end: datetime) -> None:
    """Daily temperatures of the range and of the same days a year earlier (8 °C mean)."""
    day = start.date() - timedelta(days=366)
    while day <= end.date():
        if day >= date(start.year - 1, 1, 1):
            conn.execute(
                "INSERT INTO weather_observations (territory_id, day, tmin_c, tmax_c, source)"
                " VALUES (%s, %s, 4, 12, 'test') ON CONFLICT DO NOTHING",
                (territory.territory_id, day),
            )
        day += timedelta(days=1)


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()
