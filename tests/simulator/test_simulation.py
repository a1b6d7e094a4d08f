"""The simulator publishes a territory read from the database in the collector's contract."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import make_territory
from ingest_helpers import collector_thread, make_settings, unique_prefix, wait_until
from servers import MosquittoServer

from core.database import connect
from simulator import store
from simulator.runner import SimulatorOptions, parse_start, run_simulator, schedule

Conn = psycopg.Connection[tuple[object, ...]]


def _rows(db: Conn) -> int:
    row = db.execute(
        "SELECT (SELECT count(*) FROM lamp_readings) + (SELECT count(*) FROM cabinet_readings)"
        " + (SELECT count(*) FROM meter_readings)"
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def test_simulated_history_is_stored_whole_and_replays_change_nothing(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Two hours of backfill: all stored, no dead letter, no hole; a second run adds nothing.

    The devices' message numbers are read; the second run's restart at 0 is no hole.
    """
    make_territory(db)
    prefix = unique_prefix()
    settings = make_settings(db_url, broker.url, prefix)
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    options = SimulatorOptions(
        seed=7,
        start=hour - timedelta(hours=3),
        until=hour - timedelta(hours=1),
        speed=0,
        every_s=600,
    )
    with collector_thread(settings):
        first = run_simulator(settings, threading.Event(), options)
        wait_until(lambda: _rows(db) >= first.readings, what="simulated readings")
        second = run_simulator(settings, threading.Event(), options)
        wait_until(lambda: db.execute("SELECT count(*) FROM dead_letters").fetchone() == (0,))
    assert first.readings == second.readings
    assert first.readings > 100
    assert _rows(db) == first.readings
    assert db.execute("SELECT count(*) FROM dead_letters").fetchone() == (0,)
    cabinets = db.execute("SELECT count(*) FROM cabinet_readings").fetchone()
    assert cabinets == (2 * 12,)
    assert db.execute("SELECT count(*) > 0 FROM device_sequences").fetchone() == (True,)
    assert db.execute("SELECT count(*) FROM sequence_gaps").fetchone() == (0,)


def test_a_coarse_backfill_ends_at_the_registered_periods(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """``every_s`` holds before ``registered_from``; from it on cabinets report every 600 s."""
    make_territory(db)
    settings = make_settings(db_url, broker.url, unique_prefix())
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    options = SimulatorOptions(
        seed=7,
        start=hour - timedelta(hours=4),
        until=hour - timedelta(hours=1),
        speed=0,
        every_s=3600,
        registered_from=hour - timedelta(hours=2),
    )
    with collector_thread(settings):
        sent = run_simulator(settings, threading.Event(), options)
        wait_until(lambda: _rows(db) >= sent.readings, what="simulated readings")
    spacing = db.execute(
        "SELECT part, array_agg(DISTINCT extract(epoch FROM ts - previous)::int)"
        " FROM (SELECT ts, lag(ts) OVER (PARTITION BY cabinet_id ORDER BY ts) AS previous,"
        "              CASE WHEN ts < %(from)s THEN 'coarse'"
        "                   WHEN lag(ts) OVER (PARTITION BY cabinet_id ORDER BY ts) >= %(from)s"
        "                   THEN 'registered' END AS part"
        "       FROM cabinet_readings) r"
        " WHERE previous IS NOT NULL AND part IS NOT NULL GROUP BY 1 ORDER BY 1",
        {"from": options.registered_from},
    ).fetchall()
    assert spacing == [("coarse", [3600]), ("registered", [600])]


def test_schedule_spreads_devices_over_their_period(db: Conn, db_url: str) -> None:
    """Each device reports once per period, at a phase fixed by its code."""
    make_territory(db)
    with connect(db_url) as conn:
        territory = store.load_territory(conn, "testville")
    slots = schedule(territory, None)
    assert slots.size == len(territory.cabinets) + len(territory.meters)
    assert schedule(territory, None) == slots
    assert schedule(territory, None, frozenset({"meter"})).size == len(territory.meters)


@pytest.mark.parametrize(("first", "span"), [(0, 1), (86_390, 25), (1_700_000_001, 3_600),
                                             (1_700_000_000, 200_000), (599, 2)])  # fmt: skip
def test_what_falls_due_is_what_a_walk_over_every_second_finds(
    db: Conn, db_url: str, first: int, span: int
) -> None:
    """The scheduler's jump to the due phases publishes what visiting each second would."""
    make_territory(db)
    with connect(db_url) as conn:
        territory = store.load_territory(conn, "testville")
    for every in (None, 3600, 86_400):
        slots = schedule(territory, every)
        walked = [
            (second, device)
            for second in range(first, first + span)
            for period, phases in slots.periods.items()
            for device in phases.devices.get(second % period, ())
        ]
        assert slots.due(first, first + span - 1) == walked
        assert walked or span < 600


def test_start_accepts_offsets_and_dates() -> None:
    """``--from -7d`` is seven days ago; a bare ISO date is midnight UTC."""
    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    assert parse_start("-7d", now) == now - timedelta(days=7)
    assert parse_start("-12h", now) == now - timedelta(hours=12)
    assert parse_start("2026-05-01", now) == datetime(2026, 5, 1, tzinfo=UTC)
