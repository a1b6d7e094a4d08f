"""Building rules over meter readings written to the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from rulekit import Conn, Place, copy_meter_readings, live_alerts, make_place, run

HOUR = timedelta(hours=1)


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


def _meter(place: Place, suffix: str) -> int:
    return place.small.meter_ids[f"{place.small.code}-B0-{suffix}"]


def _hourly_register(
    meter: int, start: datetime, hours: int, kw: Callable[[datetime], float]
) -> list[tuple[object, ...]]:
    """A cumulative register read hourly; ``kw(ts)`` gives the power of the hour before."""
    rows: list[tuple[object, ...]] = []
    value = 10_000.0
    for h in range(hours):
        ts = start + h * HOUR
        value += kw(ts)
        rows.append((meter, ts, value))
    return rows


def _school_kw(ts: datetime) -> float:
    open_ = ts.weekday() < 5 and 7 <= ts.hour < 18
    return 8.0 if open_ else 2.0


def test_building_drift_against_the_same_weeks_last_year(db: Conn, place: Place) -> None:
    """Doubling the usual consumption for a week is a drift against last year's same weeks."""
    meter = _meter(place, "ELEC")
    now = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
    last_year = now - timedelta(weeks=52) - timedelta(days=20)
    rows = _hourly_register(meter, last_year, 24 * 40, _school_kw)
    rows += _hourly_register(meter, now - timedelta(days=9), 24 * 9, lambda ts: 2 * _school_kw(ts))
    copy_meter_readings(db, rows)
    run(db, place, "building_drift", now)
    assert [(a[0], a[1]) for a in live_alerts(db, "building_drift")] == [(meter, "high")]


def _daily_register(
    meter: int, start: datetime, days: int, kwh: float, value: float
) -> list[tuple[object, ...]]:
    """A cumulative register read once a day (a Linky daily index): ``kwh`` a day."""
    return [(meter, start + timedelta(days=d), value + kwh * d) for d in range(days)]


@pytest.mark.parametrize(
    ("rise", "glitch", "fires"), [(1.3, None, True), (1.0, None, False), (1.0, 5e5, False)]
)
def test_building_drift_on_a_meter_read_once_a_day(
    db: Conn,
    place: Place,
    rise: float,
    glitch: float | None,
    fires: bool,  # noqa: FBT001 - a parameter of the case
) -> None:
    """A 30 % rise on a daily index is a drift, each window's first day counted; a glitch is not."""
    meter = _meter(place, "ELEC")
    now = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
    midnight = now.replace(hour=0) - timedelta(hours=1)  # 00:00 in Paris, winter time
    rows = _daily_register(meter, midnight - timedelta(weeks=52, days=30), 40, 48.0, 1_000.0)
    recent = _daily_register(meter, midnight - timedelta(days=10), 11, 48.0 * rise, 90_000.0)
    if glitch is not None:  # one reading out of line in the recent week
        recent[7] = (*recent[7][:2], glitch)
    rows += recent
    copy_meter_readings(db, rows)
    run(db, place, "building_drift", now)
    expected = [(meter, "medium")] if fires else []
    assert [(a[0], a[1]) for a in live_alerts(db, "building_drift")] == expected


def test_out_of_hours_consumption(db: Conn, place: Place) -> None:
    """A school drawing 6 kW at night for a week, against 2 kW usually, is flagged."""
    meter = _meter(place, "ELEC")
    now = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
    start = now - timedelta(weeks=9)
    recent = now - timedelta(days=7)
    rows = _hourly_register(
        meter,
        start,
        24 * 63,
        lambda ts: _school_kw(ts) if ts < recent or _school_kw(ts) > 2 else 6.0,
    )
    copy_meter_readings(db, rows)
    run(db, place, "out_of_hours", now)
    assert [a[0] for a in live_alerts(db, "out_of_hours")] == [meter]


@pytest.mark.parametrize(
    ("month", "indoor_c", "fires"), [(1, 22.5, True), (1, 19.2, False), (7, 25.0, False)]
)
def test_overheating_in_the_heating_season(
    db: Conn,
    place: Place,
    month: int,
    indoor_c: float,
    fires: bool,  # noqa: FBT001 - a parameter of the case
) -> None:
    """22.5 °C in January breaks the 19 °C rule; 19.2 °C does not; July is out of season."""
    meter = _meter(place, "INDO")
    now = datetime(2026, month, 20, 6, 0, tzinfo=UTC)
    rows = [(meter, now - timedelta(days=8) + h * HOUR, indoor_c) for h in range(24 * 8)]
    copy_meter_readings(db, rows)
    run(db, place, "overheating", now)
    expected = [(place.building_ids[0], "medium")] if fires else []
    assert [(a[0], a[1]) for a in live_alerts(db, "overheating")] == expected


def test_tertiary_trajectory_above_the_line(db: Conn, place: Place) -> None:
    """A decree building still at its 2019 consumption in 2026 is above the trajectory."""
    building = place.building_ids[0]
    db.execute(
        b"UPDATE buildings SET tertiary_decree = true, reference_year = 2019,"
        b" reference_consumption_kwh = 50000 WHERE id = %s",
        (building,),
    )
    meter = _meter(place, "ELEC")
    now = datetime(2026, 6, 1, tzinfo=UTC)
    rows = _hourly_register(meter, now - timedelta(days=366), 24 * 366, lambda _: 50_000 / 8760)
    copy_meter_readings(db, rows)
    db.execute(b"DELETE FROM meters WHERE quantity = 'gas'")
    run(db, place, "tertiary_trajectory", now)
    assert [(a[0], a[1]) for a in live_alerts(db, "tertiary_trajectory")] == [(building, "medium")]
