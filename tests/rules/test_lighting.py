"""Street-lighting rules over readings written to the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rulekit import Conn, Place, copy_lamp_readings, live_alerts, make_place, run

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


def _readings(
    point_ids: list[int], start: datetime, power_w: float, n: int = 3, dimming: int = 100
) -> list[tuple[object, ...]]:
    return [(p, start + k * STEP, power_w, dimming, "on") for p in point_ids for k in range(n)]


def _points(place: Place) -> list[int]:
    return list(place.small.point_ids.values())


def _window(start: datetime, n: int = 3) -> tuple[datetime, datetime]:
    return start, start + (n - 1) * STEP


def test_lamp_failure_opens_one_alert_routed_to_the_pilot(db: Conn, place: Place) -> None:
    """A dark lamp at night raises one high alert, routed to its district's action pilot."""
    failed, healthy = _points(place)[:2]
    copy_lamp_readings(db, _readings([failed], NIGHT, 1.0))
    copy_lamp_readings(db, _readings([healthy], NIGHT, 60.0))
    result = run(db, place, "lamp_failure", NIGHT + STEP * 3, _window(NIGHT))
    assert result.subjects == 2
    assert live_alerts(db, "lamp_failure") == [
        (failed, "high", "open", place.policy.people["pilot"], "action_pilot")
    ]


def test_lamp_failure_resolves_after_two_healthy_evaluations(db: Conn, place: Place) -> None:
    """A repaired lamp is resolved after two healthy evaluations, not one (no flapping)."""
    point = _points(place)[0]
    copy_lamp_readings(db, _readings([point], NIGHT, 0.0))
    run(db, place, "lamp_failure", NIGHT, _window(NIGHT))
    later = NIGHT + 3 * STEP
    copy_lamp_readings(db, _readings([point], later, 60.0, n=2))
    run(db, place, "lamp_failure", later, _window(later, 2))
    assert [a[2] for a in live_alerts(db, "lamp_failure")] == ["open"]
    again = later + 2 * STEP
    copy_lamp_readings(db, _readings([point], again, 60.0, n=2))
    result = run(db, place, "lamp_failure", again, _window(again, 2))
    assert live_alerts(db, "lamp_failure") == []
    assert len(result.resolved) == 1


def test_lamp_failure_bumps_the_live_alert_instead_of_opening_another(
    db: Conn, place: Place
) -> None:
    """A lamp still dark on the next batch counts an occurrence on the same alert."""
    point = _points(place)[0]
    copy_lamp_readings(db, _readings([point], NIGHT, 0.0, n=6))
    run(db, place, "lamp_failure", NIGHT, _window(NIGHT))
    run(db, place, "lamp_failure", NIGHT, (NIGHT + 3 * STEP, NIGHT + 5 * STEP))
    assert db.execute(b"SELECT count(*), max(occurrences) FROM alerts").fetchone() == (1, 2)


def test_lamp_failure_is_quiet_in_daylight_and_when_dimmed(db: Conn, place: Place) -> None:
    """No power in daylight, or 30 W dimmed to 50 %, raises no lamp failure."""
    first, second = _points(place)[:2]
    copy_lamp_readings(db, _readings([first], NOON, 0.0))
    copy_lamp_readings(db, _readings([second], NIGHT, 30.0, dimming=50))
    run(db, place, "lamp_failure", NOON, _window(NOON))
    run(db, place, "lamp_failure", NIGHT, _window(NIGHT))
    assert live_alerts(db, "lamp_failure") == []


@pytest.mark.parametrize(
    ("rule_id", "power_w", "severity"),
    [("power_too_low", 40.0, "medium"), ("power_too_high", 75.0, "medium")],
)
def test_power_out_of_band_raises_its_rule_only(
    db: Conn, place: Place, rule_id: str, power_w: float, severity: str
) -> None:
    """A lamp drawing 40 W or 75 W of 60 W raises power too low or too high, not a failure."""
    point = _points(place)[0]
    copy_lamp_readings(db, _readings([point], NIGHT, power_w))
    for rule in ("lamp_failure", "power_too_low", "power_too_high"):
        run(db, place, rule, NIGHT, _window(NIGHT))
    rows = db.execute(b"SELECT rule_id, subject_id, severity FROM alerts").fetchall()
    assert rows == [(rule_id, point, severity)]


def test_day_burner_in_daylight_only(db: Conn, place: Place) -> None:
    """A lamp at 60 W at noon is a day burner; at night it is not judged."""
    burner, night_lamp = _points(place)[:2]
    copy_lamp_readings(db, _readings([burner], NOON, 60.0))
    copy_lamp_readings(db, _readings([night_lamp], NIGHT, 60.0))
    run(db, place, "day_burner", NOON, _window(NOON))
    run(db, place, "day_burner", NIGHT, _window(NIGHT))
    assert [a[0] for a in live_alerts(db, "day_burner")] == [burner]


def test_cycling_lamp_counts_outages_of_the_last_night(db: Conn, place: Place) -> None:
    """A lamp going out five times in a night is cycling; a steady one is not."""
    cycling, steady = _points(place)[:2]
    start = datetime(2026, 1, 15, 19, 0, tzinfo=UTC)
    rows: list[tuple[object, ...]] = [
        (cycling, start + k * STEP, 0.0 if k % 6 == 3 else 60.0, 100, "on") for k in range(36)
    ]
    rows += _readings([steady], start, 60.0, n=36)
    copy_lamp_readings(db, rows)
    run(db, place, "cycling_lamp", datetime(2026, 1, 16, 10, 0, tzinfo=UTC))
    assert [a[0] for a in live_alerts(db, "cycling_lamp")] == [cycling]


def test_cycling_summary_counts_the_switches_its_details_count(db: Conn, place: Place) -> None:
    """A lamp whose switch counter rose by 53, lit all night, reads "cycled 53 times"."""
    lamp = _points(place)[0]
    start = datetime(2026, 1, 15, 19, 0, tzinfo=UTC)
    db.execute(
        b"INSERT INTO lamp_readings (light_point_id, ts, power_w, lamp_switch_counter)"
        b" SELECT %s, %s::timestamptz + k * interval '10 minutes', 60, 1000 + k * 53 / 35"
        b" FROM generate_series(0, 35) k",
        (lamp, start),
    )
    run(db, place, "cycling_lamp", datetime(2026, 1, 16, 10, 0, tzinfo=UTC))
    row = db.execute(b"SELECT summary, details->>'switches' FROM alerts").fetchone()
    assert row is not None
    assert row[1] == "53"
    assert str(row[0]).endswith("cycled 53 times during the night")


def test_controller_offline_then_back(db: Conn, place: Place) -> None:
    """A controller silent for 40 minutes is offline; one fresh reading resolves the alert."""
    silent, talking = _points(place)[:2]
    copy_lamp_readings(db, _readings([silent, talking], NIGHT, 60.0, n=1))
    copy_lamp_readings(db, _readings([talking], NIGHT + 4 * STEP, 60.0, n=1))
    now = NIGHT + 4 * STEP + timedelta(minutes=1)
    run(db, place, "controller_offline", now)
    assert [a[0] for a in live_alerts(db, "controller_offline")] == [silent]
    copy_lamp_readings(db, _readings([silent], now, 60.0, n=1))
    result = run(db, place, "controller_offline", now + timedelta(minutes=1))
    assert live_alerts(db, "controller_offline") == []
    assert len(result.resolved) == 1


def _territory_reports(db: Conn, place: Place, ts: datetime) -> None:
    """A light point of the territory reports at ``ts``: the data path is up."""
    copy_lamp_readings(db, _readings([_points(place)[-1]], ts, 0.0, n=1))


def test_cabinets_are_not_offline_when_the_whole_territory_is_silent(
    db: Conn, place: Place
) -> None:
    """Nothing of the territory arrived: the data path is down, no cabinet alert opens."""
    first, second = place.cabinet_ids
    db.execute(
        b"INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh)"
        b" VALUES (%s, %s, 1), (%s, %s, 1)",
        (first, NIGHT, second, NIGHT),
    )
    run(db, place, "cabinet_offline", NIGHT + timedelta(hours=1))
    assert live_alerts(db, "cabinet_offline") == []
    _territory_reports(db, place, NIGHT + timedelta(minutes=55))
    run(db, place, "cabinet_offline", NIGHT + timedelta(hours=1))
    assert [a[0] for a in live_alerts(db, "cabinet_offline")] == [first, second]


def test_cabinet_offline_routes_outside_any_action_to_the_mission_lead(
    db: Conn, place: Place
) -> None:
    """A silent cabinet of a district no action covers goes to the lighting mission lead."""
    first, second = place.cabinet_ids
    db.execute(
        b"INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh)"
        b" VALUES (%s, %s, 1), (%s, %s, 1)",
        (first, NIGHT, second, NIGHT),
    )
    _territory_reports(db, place, NIGHT + timedelta(minutes=55))
    run(db, place, "cabinet_offline", NIGHT + timedelta(hours=1))
    lead = place.policy.people["lighting_lead"]
    pilot = place.policy.people["pilot"]
    assert live_alerts(db, "cabinet_offline") == [
        (first, "high", "open", pilot, "action_pilot"),
        (second, "high", "open", lead, "mission_lead"),
    ]


def test_department_set_for_an_asset_type_takes_alerts_outside_actions(
    db: Conn, place: Place
) -> None:
    """With a department set for cabinets, a cabinet outside any action goes to it."""
    second = place.cabinet_ids[1]
    department = place.policy.people["programme"]
    db.execute(
        b"INSERT INTO alert_recipients (territory_id, subject_kind, person_id)"
        b" VALUES (%s, 'cabinet', %s)",
        (place.territory.id, department),
    )
    db.execute(
        b"INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh) VALUES (%s, %s, 1)",
        (second, NIGHT),
    )
    _territory_reports(db, place, NIGHT + timedelta(minutes=55))
    run(db, place, "cabinet_offline", NIGHT + timedelta(hours=1))
    assert live_alerts(db, "cabinet_offline") == [
        (second, "high", "open", department, "department")
    ]
