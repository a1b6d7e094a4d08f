"""Data that went through the broker, the collector, the rules and the aggregation, over HTTP.

Per role, what each may read and write and what each is refused, on collected data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from api_world import api_client, bearer, make_token, settings_for
from collected_world import FAULTY, Served, ask, collect_world, local_day, refusal
from collected_world import READINGS as NIGHT_READINGS
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    stamp,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer, PostgresServer

from aggregation.jobs import aggregate_pending
from collector.topics import Kind, topic_of
from core.database import connect

Conn = psycopg.Connection[tuple[object, ...]]
READINGS = 18


def _collect(db: Conn, db_url: str, broker: MosquittoServer, code: str) -> None:
    """Three hours of a 60 W lamp, one reading every ten minutes, through MQTT and the collector."""
    prefix = unique_prefix()
    messages = [
        (
            topic_of(prefix, "testville", Kind.LAMP, code),
            encode(
                lamp_payload(
                    ts=stamp(190 - 10 * k),
                    values={
                        "powerState": "on",
                        "powerConsumption": 60.0,
                        "totalActiveEnergyImport": 100.0 + 0.01 * k,
                    },
                )
            ),
        )
        for k in range(READINGS)
    ]
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)):
        publisher.publish_all(messages)
        wait_until(
            lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (READINGS,),
            what="the readings",
        )
    publisher.close()
    with connect(db_url) as conn:
        aggregate_pending(conn)
        conn.commit()


def test_collected_readings_and_rollups_per_role(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """A viewer pages through collected readings and hourly rollups; no token, no data."""
    town = make_territory(db)
    code = town.point_codes[0]
    _collect(db, db_url, broker, code)
    viewer = bearer(make_token(db, "viewer"))
    path = f"/v1/assets/light_point/{code}"
    with api_client(settings_for(db_url, mqtt_url=broker.url)) as client:
        assert client.get(f"{path}/readings").status_code == 401
        first = client.get(f"{path}/readings?limit=10", headers=viewer).json()
        rest = client.get(
            f"{path}/readings?limit=10&cursor={first['next_cursor']}", headers=viewer
        ).json()
        readings = first["items"] + rest["items"]
        assert len(readings) == READINGS
        assert rest["next_cursor"] is None
        assert readings[0]["values"]["power_w"] == 60.0
        assert readings[1]["values"]["energy_wh"] - readings[0]["values"]["energy_wh"] == 10.0
        hours = client.get(f"{path}/rollups?bucket=hour", headers=viewer).json()["items"]
        assert 0.15 < sum(h["sum"] for h in hours) < 0.18  # 170 Wh between first and last
        assert all(0 <= h["coverage"] <= 1 for h in hours)
        days = client.get(f"{path}/rollups?bucket=day", headers=viewer).json()["items"]
        assert abs(sum(d["sum"] for d in days) - sum(h["sum"] for h in hours)) < 1e-9
        district = client.get(
            "/v1/assets/district/testville-D0/rollups?bucket=day", headers=viewer
        ).json()["items"]
        assert [d["sum"] for d in district] == [d["sum"] for d in days]
        assert [d["coverage"] for d in district] == [
            pytest.approx(d["coverage"] / len(town.point_codes) * 2) for d in days
        ]
        health = client.get("/health").json()
        assert health["status"] == "ok"
        assert 0 <= health["collector_lag_s"] < 120


def test_unknown_asset_and_bad_range_are_named(db: Conn, db_url: str) -> None:
    """An unknown code is a 404; a district's hourly rollups are refused naming query.bucket."""
    town = make_territory(db)
    viewer = bearer(make_token(db, "viewer"))
    with api_client(settings_for(db_url)) as client:
        missing = client.get("/v1/assets/meter/NOPE/readings", headers=viewer)
        assert missing.status_code == 404
        assert missing.json()["detail"] == "no meter NOPE in territory testville"
        district = town.district_ids and "testville-D0"
        hourly = client.get(f"/v1/assets/district/{district}/rollups?bucket=hour", headers=viewer)
        assert hourly.status_code == 422
        assert hourly.json()["errors"][0]["field"] == "query.bucket"


# Every role on one territory whose readings, alerts, rollups, indicators and effects all came
# through the broker, the collector, the rules worker and the aggregation (collected_world).

TEMPLATE = "vigie_template"


@pytest.fixture(scope="module")
def collected(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Served]:
    """The collected world, built once for the module, and a client of the API serving it."""
    url = postgres.create_database("api_collected_roles", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = collect_world(conn, url, broker.url)
    with api_client(settings_for(url, mqtt_url=broker.url)) as client:
        yield world, client
    postgres.drop_database("api_collected_roles")


def test_pilot_settles_the_lamp_failures_routed_to_them(collected: Served) -> None:
    """Ada lists the two failures the rules routed to her, acknowledges and resolves one."""
    world, _ = collected
    listed = ask(collected, "ada", "GET", "/v1/alerts").json()["items"]
    assert {a["id"] for a in listed} == {world.alerts[code] for code in FAULTY[:2]}
    assert {
        (a["rule_id"], a["routed_via"], a["action_code"], a["district_code"]) for a in listed
    } == {("lamp_failure", "action_pilot", "A1", "testville-D0")}
    mine = world.alerts[FAULTY[0]]
    acked = ask(
        collected, "ada", "POST", f"/v1/alerts/{mine}/acknowledge", {"comment": "crew sent"}
    )
    assert acked.status_code == 200
    assert (acked.json()["state"], acked.json()["acknowledged_by"]) == (
        "acknowledged",
        world.people["ada"],
    )
    assert acked.json()["details"]["power_w"] == 0.5
    resolved = ask(collected, "ada", "POST", f"/v1/alerts/{mine}/resolve", {"comment": "driver"})
    assert (resolved.json()["state"], resolved.json()["resolved_by"]) == (
        "resolved",
        world.people["ada"],
    )
    assert [e["kind"] for e in resolved.json()["events"]] == ["opened", "acknowledged", "resolved"]


def test_pilot_is_refused_another_pilots_alert_action_and_exports(collected: Served) -> None:
    """Bob's failure is not Ada's to read or settle, his action not hers to change: problems."""
    world, _ = collected
    bobs = world.alerts[FAULTY[2]]
    for method, path, body in (
        ("GET", f"/v1/alerts/{bobs}", None),
        ("POST", f"/v1/alerts/{bobs}/acknowledge", {}),
        ("POST", f"/v1/alerts/{bobs}/resolve", {"comment": "not mine"}),
    ):
        detail = refusal(ask(collected, "ada", method, path, body), 404)
        assert detail == f"no alert {bobs} routed to you"
    changed = ask(collected, "ada", "PATCH", "/v1/actions/A2", {"status": "suspended"})
    assert refusal(changed, 403) == "action A2 is piloted by someone else"
    exported = ask(collected, "ada", "GET", "/v1/exports/effects")
    assert refusal(exported, 403).startswith("role pilot may not export")
    own = ask(
        collected,
        "ada",
        "PUT",
        "/v1/actions/A1/budgets/2026",
        {"committed_eur": 500, "spent_eur": 0},
    )
    assert own.status_code == 200


def test_evaluator_reads_every_alert_and_settles_none(collected: Served) -> None:
    """Lea sees the failures of both pilots, filters by pilot, may not settle or write."""
    world, _ = collected
    listed = ask(collected, "evaluator", "GET", "/v1/alerts?rule=lamp_failure").json()["items"]
    assert {a["id"] for a in listed} == set(world.alerts.values())
    bob = world.people["bob"]
    by_pilot = ask(collected, "evaluator", "GET", f"/v1/alerts?pilot={bob}").json()["items"]
    assert [a["id"] for a in by_pilot] == [world.alerts[FAULTY[2]]]
    bobs = world.alerts[FAULTY[2]]
    for change, body in (("acknowledge", {}), ("resolve", {"comment": "seen"})):
        refused = ask(collected, "evaluator", "POST", f"/v1/alerts/{bobs}/{change}", body)
        assert refusal(refused, 403) == (
            f"role evaluator may not {change} alerts; it needs admin, pilot"
        )
    changed = ask(collected, "evaluator", "PATCH", "/v1/actions/A1", {"status": "suspended"})
    assert refusal(changed, 403).startswith("role evaluator may not change action A1")


def test_evaluator_exports_collected_values_and_effects(collected: Served) -> None:
    """A1's night is its district's rollup, exported with method and coverage; effects too."""
    world, _ = collected
    day = local_day(world)
    following = day + timedelta(days=1)
    exported = ask(
        collected,
        "evaluator",
        "GET",
        f"/v1/exports/indicator-values?format=csv&indicator=A1-ENERGY&period=day"
        f"&from={day}&to={following}",
    )
    assert exported.status_code == 200
    (value,) = csv.DictReader(io.StringIO(exported.text))
    assert (value["method"], value["warnings"]) == ("energy_consumed_kwh", "coverage_below_90pct")
    assert 0 < float(value["coverage"]) < 0.1  # two hours of a day
    # Three lamps at 60 W and two at 0.5 W for two hours.
    assert float(value["value"]) == pytest.approx(0.362, rel=1e-6)
    district = ask(
        collected,
        "evaluator",
        "GET",
        f"/v1/assets/district/testville-D0/rollups?bucket=day&from={day}T00:00:00%2B00:00"
        f"&to={following}T00:00:00%2B00:00",
    ).json()["items"]
    assert [d["sum"] for d in district] == [pytest.approx(float(value["value"]))]
    effects = ask(collected, "evaluator", "GET", "/v1/exports/effects?format=json").json()
    assert {e["action_code"] for e in effects} == {"A1", "A2"}
    assert {e["method"] for e in effects} == {
        "lighting_cabinet_metered",
        "lighting_burning_hours",
        "lighting_nameplate_baseline",
    }
    for effect in effects:
        assert effect["reporting_end"] == str(datetime.now(UTC).date() + timedelta(days=1))
        assert (effect["sufficient"], effect["saved_kwh"]) == (False, None)
        if effect["method"] == "lighting_cabinet_metered":
            # No cabinet sent a reading: nothing measured at the cabinets, and said so.
            assert effect["coverage_reporting"] == 0
            assert "no_baseline_data" in effect["warnings"]
            continue
        # Two hours of thirty days: counted, far too little to give a figure, and said so.
        assert 0 < effect["coverage_reporting"] < 0.01
        assert "no_reporting_data" in effect["warnings"] or "no_baseline_data" in effect["warnings"]


def test_viewer_reads_collected_data_and_is_refused_the_rest(collected: Served) -> None:
    """Readings, rollups and values, yes; alerts, exports and writes: 403 naming the role."""
    world, _ = collected
    faulty = f"/v1/assets/light_point/{FAULTY[0]}"
    night = f"from={world.night:%Y-%m-%dT%H:%M:%SZ}"  # not the default last 24 h: any hour
    readings = ask(collected, "viewer", "GET", f"{faulty}/readings?{night}&limit=100").json()[
        "items"
    ]
    assert len(readings) == NIGHT_READINGS
    assert {r["values"]["power_w"] for r in readings} == {0.5}
    assert ask(collected, "viewer", "GET", f"{faulty}/rollups?bucket=hour").status_code == 200
    day = local_day(world)
    values = ask(
        collected,
        "viewer",
        "GET",
        f"/v1/indicators/A1-ENERGY/values?period=day&from={day}&to={day + timedelta(days=1)}",
    ).json()["items"]
    assert [(v["method"], v["value"]) for v in values] == [
        ("energy_consumed_kwh", pytest.approx(0.362))
    ]
    alert = world.alerts[FAULTY[1]]
    for method, path, body in (
        ("GET", "/v1/alerts", None),
        ("GET", f"/v1/alerts/{alert}", None),
        ("POST", f"/v1/alerts/{alert}/acknowledge", {}),
        ("GET", "/v1/exports/indicator-values", None),
        ("GET", "/v1/exports/effects", None),
        ("PATCH", "/v1/actions/A1", {"status": "suspended"}),
    ):
        assert refusal(ask(collected, "viewer", method, path, body), 403).startswith(
            "role viewer may not"
        )
    assert ask(collected, "viewer", "GET", "/v1/actions/A1").json()["open_alerts"] is None


def test_admin_reads_settles_exports_and_writes(collected: Served) -> None:
    """The admin lists every failure, resolves Bob's, exports, and changes Bob's action."""
    world, _ = collected
    listed = ask(collected, "admin", "GET", "/v1/alerts?rule=lamp_failure").json()["items"]
    assert {a["id"] for a in listed} == set(world.alerts.values())
    bobs = world.alerts[FAULTY[2]]
    resolved = ask(collected, "admin", "POST", f"/v1/alerts/{bobs}/resolve", {"comment": "fixed"})
    assert (resolved.json()["state"], resolved.json()["comment"]) == ("resolved", "fixed")
    for name in ("indicator-values", "effects"):
        assert ask(collected, "admin", "GET", f"/v1/exports/{name}").status_code == 200
    changed = ask(collected, "admin", "PATCH", "/v1/actions/A2", {"status": "suspended"})
    assert changed.json()["status"] == "suspended"
