"""Building and meter rules on readings, and their history, that came through the broker.

Meters publish on the real broker (history too: these tests let the collector accept readings
up to 400 days old), a running collector stores them, and the worker evaluates them on its
event path (meter gaps, impossible deltas) or in its scheduled jobs (drift, out-of-hours use,
overheating, the décret tertiaire trajectory). History is sent as aggregate readings (a daily
index, a few hourly values a week) at the cadence the meter is registered with, to keep message
counts small.
"""

from __future__ import annotations

import time as clock
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from brokerkit import (
    add_departments,
    alerts_of,
    collecting,
    meter,
    scheduled_jobs,
    set_parameters,
    wait_for,
    wait_for_alert,
    wait_for_rows,
)
from ingest_helpers import Publisher, worker_listening
from rulekit import Conn, Place, make_place
from servers import MosquittoServer

from collector.topics import Kind
from core.settings import Settings

ELEC, INDO = "testville-B0-ELEC", "testville-B0-INDO"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory and its policy, with the Angers departments as recipients."""
    made = make_place(db)
    add_departments(db, made)
    return made


@pytest.fixture
def wired(db_url: str, broker: MosquittoServer) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker."""
    with collecting(db_url, broker.url) as pair:
        yield pair


def _period(db: Conn, code: str, seconds: int) -> None:
    """Register the meter's reporting period."""
    db.execute(b"UPDATE meters SET reporting_period_s = %s WHERE code = %s", (seconds, code))


def _today() -> datetime:
    """Local midnight that starts the territory's day (Europe/Paris)."""
    return datetime.now(PARIS).replace(hour=0, minute=0, second=0, microsecond=0)


def _noons(first: datetime, days: int) -> list[datetime]:
    """Local noon of ``days`` consecutive days from the day of ``first``."""
    day = first.astimezone(PARIS).date()
    return [datetime.combine(day + n * DAY, time(12), tzinfo=PARIS) for n in range(days)]


def _expected(place: Place, kind: str, subject: int, severity: str) -> tuple[object, ...]:
    """An open alert routed to the buildings department (no action covers buildings)."""
    department = place.policy.people["buildings_department"]
    return (kind, subject, severity, "open", department, "department")


def test_meter_gap_through_broker_then_regular_again(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A 4 s pause of a meter reporting every second is a gap; regular readings resolve it."""
    settings, publisher = wired
    _period(db, ELEC, 1)
    # Without the 3-hour floor, three reporting periods (3 s) make a gap.
    set_parameters(db, place, "meter_gap", '{"gap_max_s": 1}')
    meter_id = place.small.meter_ids[ELEC]

    def send(value: float, pause: float) -> None:
        clock.sleep(pause)
        publisher.publish_all(
            [meter(settings, ELEC, datetime.now(UTC), totalActiveEnergyImport=value)]
        )

    def clear_streak() -> object:
        return db.execute(
            b"SELECT clear_streak, state FROM alerts WHERE rule_id = 'meter_gap'"
        ).fetchone()

    with worker_listening(settings):
        send(1000.0, 0)
        send(1001.0, 1)
        send(1005.0, 4)
        wait_for_alert(db, "meter_gap")
        assert alerts_of(db, "meter_gap") == [_expected(place, "meter", meter_id, "low")]
        send(1006.0, 1)
        wait_for(lambda: clear_streak() == (1, "open"), "the regular reading was not judged")
        send(1007.0, 1)
        wait_for(lambda: clear_streak() == (2, "resolved"), "the gap alert was not resolved")


def test_impossible_delta_after_daily_history_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Ten days of a daily index rising 48 kWh a day, then 500 kWh in a day: impossible."""
    settings, publisher = wired
    _period(db, ELEC, 86_400)
    now = datetime.now(UTC)
    history = [
        meter(settings, ELEC, now - k * DAY, totalActiveEnergyImport=10_000.0 + 48 * (10 - k))
        for k in range(10, 0, -1)
    ]
    with worker_listening(settings):
        publisher.publish_all(history)
        wait_for_rows(db, Kind.METER, len(history))
        publisher.publish_all([meter(settings, ELEC, now, totalActiveEnergyImport=10_932.0)])
        wait_for_alert(db, "impossible_delta")
    assert alerts_of(db, "impossible_delta") == [
        _expected(place, "meter", place.small.meter_ids[ELEC], "low")
    ]


def test_building_drift_year_on_year_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A daily index rising twice as fast as in the same weeks last year is a high drift."""
    settings, publisher = wired
    _period(db, ELEC, 86_400)
    recent_start = _today() - 7 * DAY
    baseline = _noons(recent_start - timedelta(weeks=52) - 10 * DAY, 27)
    recent = _noons(recent_start, 7)
    messages = [
        meter(settings, ELEC, ts, totalActiveEnergyImport=10_000.0 + 48.0 * n)
        for n, ts in enumerate(baseline)
    ]
    messages += [
        meter(settings, ELEC, ts, totalActiveEnergyImport=50_000.0 + 96.0 * n)
        for n, ts in enumerate(recent)
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.METER, len(messages))
    with scheduled_jobs(settings) as run:
        run("building_drift")
    assert alerts_of(db, "building_drift") == [
        _expected(place, "meter", place.small.meter_ids[ELEC], "high")
    ]


def _saturday(end: datetime, weeks_ago: int) -> datetime:
    """The Saturday of the week ``weeks_ago`` weeks before the week ending at ``end``."""
    day = end - (weeks_ago + 1) * 7 * DAY
    while day.weekday() != 5:
        day += DAY
    return day


def test_out_of_hours_consumption_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Drawing 6 kW on a Saturday, against 2 kW the eight Saturdays before, is flagged."""
    settings, publisher = wired
    _period(db, ELEC, 3_600)
    end = _today()
    messages, value = [], 10_000.0
    for weeks_ago in range(8, -1, -1):
        saturday = _saturday(end, weeks_ago).replace(hour=10)
        kw = 6.0 if weeks_ago == 0 else 2.0
        for h in range(3):
            value += kw if h else 100.0
            messages.append(
                meter(settings, ELEC, saturday + h * HOUR, totalActiveEnergyImport=value)
            )
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.METER, len(messages))
    with scheduled_jobs(settings) as run:
        run("out_of_hours")
    assert alerts_of(db, "out_of_hours") == [
        _expected(place, "meter", place.small.meter_ids[ELEC], "medium")
    ]


def test_overheating_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A school kept at 22.5 °C in the occupied hours of the last week breaks the 19 °C rule."""
    settings, publisher = wired
    _period(db, INDO, 3_600)
    # The heating season set to the whole year, so that the test holds in any month.
    set_parameters(db, place, "overheating", '{"season_from_month": 1, "season_to_month": 12}')
    end = _today()
    days = [end - n * DAY for n in range(7, 0, -1)]
    messages = [
        meter(settings, INDO, day.replace(hour=hour), temperature=22.5)
        for day in days
        if day.weekday() < 5
        for hour in range(7, 19)
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.METER, len(messages))
    with scheduled_jobs(settings) as run:
        run("overheating")
    assert alerts_of(db, "overheating") == [
        _expected(place, "building", place.building_ids[0], "medium")
    ]


def test_tertiary_trajectory_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A decree building still using its 2019 consumption is above its trajectory."""
    settings, publisher = wired
    building = place.building_ids[0]
    db.execute(
        b"UPDATE buildings SET tertiary_decree = true, reference_year = 2019,"
        b" reference_consumption_kwh = 50000 WHERE id = %s",
        (building,),
    )
    _period(db, ELEC, 86_400)
    now = datetime.now(UTC) - timedelta(minutes=1)
    daily = 50_000 / 365
    messages = [
        meter(settings, ELEC, now - k * DAY, totalActiveEnergyImport=10_000.0 + daily * (366 - k))
        for k in range(366, -1, -1)
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.METER, len(messages))
    with scheduled_jobs(settings) as run:
        run("tertiary_trajectory")
    severity = "high" if datetime.now(UTC).year >= 2028 else "medium"
    assert alerts_of(db, "tertiary_trajectory") == [
        _expected(place, "building", building, severity)
    ]
