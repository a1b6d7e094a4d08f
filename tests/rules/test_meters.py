"""Meter data rules over readings written to the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rulekit import Conn, Place, copy_meter_readings, live_alerts, make_place, run

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
QUARTER = timedelta(minutes=15)


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


def _meter(place: Place, suffix: str) -> int:
    return place.small.meter_ids[f"{place.small.code}-B0-{suffix}"]


def _register(
    meter: int, start: datetime, n: int, first: float = 1000.0, step: float = 2.0
) -> list[tuple[object, ...]]:
    return [(meter, start + k * QUARTER, first + k * step) for k in range(n)]


def test_meter_offline_routes_to_the_buildings_lead(db: Conn, place: Place) -> None:
    """A meter silent for an hour is offline, routed to the buildings mission lead."""
    meter = _meter(place, "ELEC")
    copy_meter_readings(db, _register(meter, START, 4))
    gas = _meter(place, "GAS")  # reporting: the electricity meter is silent, not the data path
    copy_meter_readings(db, _register(gas, START, 8))
    run(db, place, "meter_offline", START + timedelta(hours=2))
    assert live_alerts(db, "meter_offline") == [
        (meter, "medium", "open", place.policy.people["buildings_lead"], "mission_lead")
    ]


def test_meter_gap_when_readings_resume(db: Conn, place: Place) -> None:
    """Readings resuming after five silent hours raise a gap; regular ones do not."""
    elec, gas = _meter(place, "ELEC"), _meter(place, "GAS")
    rows = _register(elec, START, 8) + _register(elec, START + timedelta(hours=7), 4, 1100.0)
    rows += [(gas, START + k * QUARTER, 3.0) for k in range(40)]
    copy_meter_readings(db, rows)
    window = (START + timedelta(hours=6), START + timedelta(hours=10))
    run(db, place, "meter_gap", window[1], window)
    assert [a[0] for a in live_alerts(db, "meter_gap")] == [elec]


@pytest.mark.parametrize(
    ("fall_to", "rule_id", "quiet_rule"),
    [(20.0, "counter_rollover", "counter_reset"), (5.0, "counter_reset", "counter_rollover")],
)
def test_counter_going_back(
    db: Conn, place: Place, fall_to: float, rule_id: str, quiet_rule: str
) -> None:
    """A fall from near the register maximum is a rollover; from anywhere else, a reset."""
    meter = _meter(place, "ELEC")
    near_max = 950_000.0 if rule_id == "counter_rollover" else 5_000.0
    rows = _register(meter, START, 4, near_max) + _register(meter, START + 4 * QUARTER, 4, fall_to)
    copy_meter_readings(db, rows)
    window = (START + 3 * QUARTER, START + 8 * QUARTER)
    run(db, place, rule_id, window[1], window)
    run(db, place, quiet_rule, window[1], window)
    assert [a[0] for a in live_alerts(db, rule_id)] == [meter]
    assert live_alerts(db, quiet_rule) == []


def test_impossible_delta_after_history(db: Conn, place: Place) -> None:
    """A register jumping 100 times its usual step after 10 days of history is impossible."""
    meter = _meter(place, "ELEC")
    history = _register(meter, START, 96 * 10)
    last = history[-1]
    jump: list[tuple[object, ...]] = [(meter, START + 960 * QUARTER, float(str(last[2])) + 200.0)]
    copy_meter_readings(db, history + jump)
    window = (START + 960 * QUARTER, START + 960 * QUARTER)
    run(db, place, "impossible_delta", window[1], window)
    assert [a[0] for a in live_alerts(db, "impossible_delta")] == [meter]


def test_stuck_meter_then_moving(db: Conn, place: Place) -> None:
    """A register flat for a day is stuck; the alert resolves when it moves."""
    meter = _meter(place, "ELEC")
    copy_meter_readings(db, _register(meter, START, 97, step=0.0))
    end = START + 96 * QUARTER
    run(db, place, "stuck_meter", end, (START, end))
    assert [a[0] for a in live_alerts(db, "stuck_meter")] == [meter]
    copy_meter_readings(db, [(meter, end + QUARTER, 1005.0)])
    run(db, place, "stuck_meter", end + QUARTER, (end + QUARTER, end + QUARTER))
    assert live_alerts(db, "stuck_meter") == []
