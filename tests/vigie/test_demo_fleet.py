"""The demo's backfill, judged by the offline and gap rules: a healthy fleet, not an outage.

The simulator publishes through the real broker as ``vigie demo`` does (history every hour, its
last stretch at each device's registered period), a collector stores it, then the reading rules
run as the worker catches up and the scheduled offline rules make their pass.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
from factories import SmallTerritory, make_territory
from ingest_helpers import collector_thread, make_settings, unique_prefix, wait_until
from servers import MosquittoServer

from rules import store
from rules.catalogue import RULES
from rules.engine import run_rule
from rules.model import Territory
from rules.readings import Catchup, handle_new_batches
from simulator.lamps import is_offline
from simulator.runner import run_simulator
from vigie.demo import DemoOptions, fleet_options

Conn = psycopg.Connection[tuple[object, ...]]
OFFLINE = ("controller_offline", "cabinet_offline", "meter_offline")
HISTORY = timedelta(hours=6)
GAP_END = timedelta(minutes=90)


def _stored(db: Conn) -> int:
    row = db.execute(
        b"SELECT (SELECT count(*) FROM lamp_readings) + (SELECT count(*) FROM cabinet_readings)"
        b" + (SELECT count(*) FROM meter_readings)"
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def backfill(db: Conn, db_url: str, broker: MosquittoServer, options: DemoOptions) -> datetime:
    """Publish the demo's history up to now through the broker, store it; return its end."""
    until = datetime.now(UTC).replace(microsecond=0)
    settings = make_settings(db_url, broker.url, unique_prefix())
    with collector_thread(settings):
        sent = run_simulator(
            settings, threading.Event(), replace(fleet_options(options, until), until=until)
        )
        wait_until(lambda: _stored(db) >= sent.readings, timeout=60, what="the backfill stored")
    return until


def judge(db: Conn, territory: Territory, now: datetime) -> dict[str, set[str]]:
    """The worker's catch-up on the stored batches, then the scheduled offline pass at ``now``.

    Returns the codes of the subjects of each live offline or gap alert.
    """
    handle_new_batches(db, Catchup(), now=now)
    for rule_id in OFFLINE:
        run_rule(db, RULES[rule_id], territory, now=now, trigger="schedule")
    rows = db.execute(
        b"SELECT a.rule_id, coalesce(lp.code, cc.code, m.code) FROM alerts a"
        b" LEFT JOIN light_points lp ON a.subject_kind = 'light_point' AND lp.id = a.subject_id"
        b" LEFT JOIN control_cabinets cc ON a.subject_kind = 'cabinet' AND cc.id = a.subject_id"
        b" LEFT JOIN meters m ON a.subject_kind = 'meter' AND m.id = a.subject_id"
        b" WHERE a.state IN ('open', 'acknowledged')"
        b" AND a.rule_id IN ('controller_offline', 'cabinet_offline', 'meter_offline',"
        b" 'meter_gap')"
    ).fetchall()
    found: dict[str, set[str]] = {}
    for rule, code in rows:
        found.setdefault(str(rule), set()).add(str(code))
    return found


def stop_devices(db: Conn, town: SmallTerritory, until: datetime) -> None:
    """Cabinet C00 and its points, and the electricity meter, silent since 50 min; a gas gap.

    The gas meter was silent for 3.5 hours and came back 90 minutes ago.
    """
    db.execute(
        b"DELETE FROM meter_readings WHERE meter_id = %s AND ts >= %s AND ts < %s",
        (town.meter_ids[f"{town.code}-B0-GAS"], until - timedelta(hours=5), until - GAP_END),
    )
    since = until - timedelta(minutes=50)
    db.execute(
        b"DELETE FROM cabinet_readings WHERE ts > %s AND cabinet_id ="
        b" (SELECT id FROM control_cabinets WHERE code = %s)",
        (since, f"{town.code}-C00"),
    )
    points = (
        b"(SELECT lp.id FROM light_points lp JOIN control_cabinets cc ON cc.id = lp.cabinet_id"
        b" WHERE cc.code = %s)"
    )
    cabinet = f"{town.code}-C00"
    db.execute(
        b"DELETE FROM lamp_readings WHERE ts > %s AND light_point_id IN " + points, (since, cabinet)
    )
    # Their latest readings are those left: the collector would never have stored the others.
    db.execute(b"DELETE FROM lamp_latest WHERE light_point_id IN " + points, (cabinet,))
    db.execute(
        b"INSERT INTO lamp_latest SELECT DISTINCT ON (light_point_id) * FROM lamp_readings"
        b" WHERE light_point_id IN " + points + b" ORDER BY light_point_id, ts DESC",
        (cabinet,),
    )
    db.execute(
        b"DELETE FROM meter_readings WHERE ts > %s AND meter_id = %s",
        (since, town.meter_ids[f"{town.code}-B0-ELEC"]),
    )


def test_the_demo_backfill_opens_no_offline_or_gap_alert(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """No offline or gap alert after the demo's backfill; devices that then stop get theirs."""
    town = make_territory(db)
    (territory,) = store.territories(db, town.code)
    options = DemoOptions(history=HISTORY)
    until = backfill(db, db_url, broker, options)
    outages = {c for c in town.point_codes if is_offline(options.seed, c, until)}
    found = judge(db, territory, until)
    # Only the simulator's own controller outages may be offline: none, most days.
    assert set(found) <= {"controller_offline"}
    assert found.get("controller_offline", set()) <= outages
    stop_devices(db, town, until)
    window = (until - GAP_END, until)  # the readings after the gas meter's hole, as they come
    run_rule(db, RULES["meter_gap"], territory, now=until, window=window, trigger="readings")
    found = judge(db, territory, until)
    assert found["meter_gap"] == {f"{town.code}-B0-GAS"}
    cabinet = f"{town.code}-C00"
    assert found["cabinet_offline"] == {cabinet}
    assert {c for c in town.point_codes if c.startswith(f"{town.code}-P00")} <= found[
        "controller_offline"
    ]
    assert found["meter_offline"] == {f"{town.code}-B0-ELEC"}


def test_the_registered_stretch_covers_the_offline_rules_look_back(db: Conn) -> None:
    """The demo's recent stretch is longer than 3 reporting periods of its slowest device."""
    make_territory(db)
    row = db.execute(
        b"SELECT greatest((SELECT max(reporting_period_s) FROM control_cabinets),"
        b" (SELECT max(reporting_period_s) FROM light_points),"
        b" (SELECT max(reporting_period_s) FROM meters))"
    ).fetchone()
    assert row is not None
    slowest = timedelta(seconds=int(str(row[0])))
    periods = max(float(RULES[r].defaults["offline_periods"]) for r in OFFLINE)
    assert DemoOptions().recent >= slowest * periods
    assert DemoOptions().backfill_every_s <= int(RULES["meter_gap"].defaults["gap_max_s"])
