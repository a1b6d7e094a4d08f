"""Sodium end-of-life rules, per lamp and for the fleet."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from rulekit import Conn, Place, live_alerts, make_place, run

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory, all on 100 W sodium lamps installed in 2015."""
    return make_place(db, technology="HPS", nominal_power_w=100.0)


def test_old_sodium_lamps_are_due_for_replacement(db: Conn, place: Place) -> None:
    """Lamps burning since 2015 are past 24,000 h: one low alert each; a relamped one is not."""
    relamped = place.small.point_ids[place.small.point_codes[0]]
    db.execute(
        b"UPDATE light_point_equipment SET lamp_installed_on = %s WHERE light_point_id = %s",
        (date(2025, 6, 1), relamped),
    )
    run(db, place, "sodium_lamp_end_of_life", NOW)
    alerts = live_alerts(db, "sodium_lamp_end_of_life")
    assert len(alerts) == len(place.small.point_ids) - 1
    assert {a[1] for a in alerts} == {"low"}
    assert relamped not in {a[0] for a in alerts}


def test_lamp_counter_takes_precedence_over_the_install_date(db: Conn, place: Place) -> None:
    """A controller reporting 20,000 operating hours puts its lamp at the planning stage."""
    point = place.small.point_ids[place.small.point_codes[0]]
    db.execute(
        b"INSERT INTO lamp_readings (light_point_id, ts, lamp_operating_hours)"
        b" VALUES (%s, %s, 20000)",
        (point, NOW),
    )
    run(db, place, "sodium_lamp_end_of_life", NOW)
    row = db.execute(
        b"SELECT severity, details->>'from_counter' FROM alerts WHERE subject_id = %s", (point,)
    ).fetchone()
    assert row == ("informational", "true")


def test_sodium_fleet_behind_the_deadline(db: Conn, place: Place) -> None:
    """Ten sodium points and no replacement in 90 days: the fleet misses 24 Feb 2027."""
    run(db, place, "sodium_fleet_deadline", NOW)
    (alert,) = live_alerts(db, "sodium_fleet_deadline")
    assert alert[:3] == (place.territory.id, "high", "open")
    assert alert[3:] == (place.policy.people["lighting_lead"], "mission_lead")
    details = db.execute(b"SELECT details FROM alerts").fetchone()
    assert details is not None
    assert details[0]["sodium_points"] == 10  # type: ignore[index]
    assert details[0]["forecast_remaining_at_deadline"] == 10  # type: ignore[index]


def test_sodium_fleet_on_track_is_quiet(db: Conn, place: Place) -> None:
    """Eight of ten points replaced in the last month leaves a rate that meets the deadline."""
    ids = list(place.small.point_ids.values())
    for point in ids[:8]:
        db.execute(
            b"UPDATE light_point_equipment SET valid_to = '2026-10-15' WHERE light_point_id = %s",
            (point,),
        )
        db.execute(
            b"INSERT INTO light_point_equipment (light_point_id, valid_from, technology,"
            b" nominal_power_w) VALUES (%s, '2026-10-15', 'LED', 40)",
            (point,),
        )
    run(db, place, "sodium_fleet_deadline", NOW)
    assert live_alerts(db, "sodium_fleet_deadline") == []
