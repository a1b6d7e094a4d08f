"""B-08: a school too cold in occupied hours, readings through the broker and the collector."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from brokerkit import collecting, meter, wait_for_rows
from ingest_helpers import Publisher
from rulekit import Conn, Place, live_alerts, make_place, run
from servers import MosquittoServer

from collector.topics import Kind
from core.settings import Settings

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory: its building is a school with an indoor thermometer."""
    return make_place(db)


@pytest.fixture
def wired(db_url: str, broker: MosquittoServer) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker."""
    with collecting(db_url, broker.url) as pair:
        yield pair


def _last_weekday() -> date:
    day = datetime.now(PARIS).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def test_cold_school_alerts_then_clears_with_hysteresis(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """15 °C from 8 h to 10 h: high; 17.5 °C: no change; 19.5 °C: resolved."""
    settings, publisher = wired
    day = _last_weekday()
    code = f"{place.small.code}-B0-INDO"
    stored = 0

    def hours(first: int, celsius: float) -> datetime:
        nonlocal stored
        start = datetime.combine(day, time(first), tzinfo=PARIS)
        messages = [
            meter(settings, code, start + k * timedelta(minutes=15), temperature=celsius)
            for k in range(8)
        ]
        publisher.publish_all(messages)
        stored += len(messages)
        wait_for_rows(db, Kind.METER, stored)
        return (start + timedelta(hours=2)).astimezone(UTC)

    run(db, place, "underheating", hours(8, 15.0))
    opened = live_alerts(db, "underheating")
    summary = db.execute(b"SELECT summary FROM alerts").fetchone()
    run(db, place, "underheating", hours(10, 17.5))
    held = live_alerts(db, "underheating")
    run(db, place, "underheating", hours(12, 19.5))
    school = db.execute(b"SELECT id FROM buildings").fetchone()
    assert school is not None
    assert [a[:3] for a in opened] == [(school[0], "high", "open")]
    assert opened[0][3] is not None
    assert summary is not None
    assert "(school) under 17 °C for 2 hours, 15.0 °C at most" in str(summary[0])
    assert held == opened
    assert live_alerts(db, "underheating") == []


def test_cold_at_night_changes_nothing(db: Conn, place: Place) -> None:
    """A school at 12 °C at 3 h is not judged: nobody is there."""
    night = datetime.combine(_last_weekday(), time(3), tzinfo=PARIS)
    meter_id = place.small.meter_ids[f"{place.small.code}-B0-INDO"]
    db.execute(
        b"INSERT INTO meter_readings (meter_id, ts, value)"
        b" SELECT %s, %s::timestamptz - k * interval '15 minutes', 12 FROM generate_series(1, 8) k",
        (meter_id, night),
    )
    run(db, place, "underheating", night.astimezone(UTC))
    assert live_alerts(db, "underheating") == []
