"""B-10: water running every night is a leak; a dry night clears it. Through the broker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from brokerkit import collecting, meter, scheduled_jobs, wait_for_rows
from ingest_helpers import Publisher
from rulekit import Conn, Place, copy_meter_readings, live_alerts, make_place, run
from servers import MosquittoServer

from collector.topics import Kind
from core.settings import Settings

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with a water meter in its school (hourly, cumulative, m3)."""
    made = make_place(db)
    db.execute(
        b"INSERT INTO meters (code, building_id, quantity, unit, reading_kind,"
        b" reporting_period_s) SELECT 'testville-B0-WATE', id, 'water', 'm3', 'cumulative',"
        b" 3600 FROM buildings WHERE code = 'testville-B0'"
    )
    return made


@pytest.fixture
def wired(db_url: str, broker: MosquittoServer) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker."""
    with collecting(db_url, broker.url) as pair:
        yield pair


def _nights(last: datetime, nights: int, litres_per_hour: float) -> list[tuple[datetime, float]]:
    """Hourly register values from 0 h to 5 h local on ``nights`` nights ending on ``last``."""
    rows, volume = [], 100.0
    for n in range(nights - 1, -1, -1):
        day = (last - timedelta(days=n)).date()
        for hour in range(6):
            volume += litres_per_hour / 1000
            rows.append((datetime.combine(day, time(hour), tzinfo=PARIS), round(volume, 4)))
    return rows


def test_water_running_three_nights_alerts_and_a_dry_night_clears(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """5 L an hour through 3 nights: high, to the buildings lead; then a dry night resolves it."""
    settings, publisher = wired
    now = datetime.now(PARIS)
    last = now if now.hour >= 5 else now - timedelta(days=1)
    readings = _nights(last, 3, 5.0)
    publisher.publish_all(
        [meter(settings, "testville-B0-WATE", ts, waterVolumeImport=v) for ts, v in readings]
    )
    wait_for_rows(db, Kind.METER, len(readings))
    with scheduled_jobs(settings) as run_job:
        run_job("water_leak")
    opened = live_alerts(db, "water_leak")
    summary = db.execute(b"SELECT summary FROM alerts WHERE rule_id = 'water_leak'").fetchone()
    water = int(str(db.execute(b"SELECT id FROM meters WHERE quantity = 'water'").fetchall()[0][0]))
    assert opened == [
        (water, "high", "open", place.policy.people["buildings_lead"], "mission_lead")
    ]
    assert summary is not None
    assert "water ran every night for 3 nights, at least 5.0 L" in str(summary[0])

    dry = datetime.combine((last + timedelta(days=1)).date(), time(0), tzinfo=PARIS)
    volume = readings[-1][1]
    copy_meter_readings(db, [(water, dry + timedelta(hours=h), volume) for h in range(6)])
    run(db, place, "water_leak", (dry + timedelta(hours=8)).astimezone(UTC))
    assert live_alerts(db, "water_leak") == []
