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


def _relamp(db: Conn, points: list[int], on: date) -> None:
    db.execute(
        b"UPDATE light_point_equipment SET lamp_installed_on = %s WHERE light_point_id = ANY(%s)",
        (on, points),
    )


def test_old_sodium_lamps_make_one_alert_per_cabinet(db: Conn, place: Place) -> None:
    """Ten lamps past 24,000 h behind two cabinets: two low alerts with the counts, not ten."""
    relamped = place.small.point_ids[place.small.point_codes[0]]
    _relamp(db, [relamped], date(2025, 6, 1))
    run(db, place, "sodium_lamp_end_of_life", NOW)
    alerts = live_alerts(db, "sodium_lamp_end_of_life")
    assert sorted(int(str(a[0])) for a in alerts) == place.cabinet_ids
    assert {a[1] for a in alerts} == {"low"}
    rows = db.execute(
        b"SELECT subject_kind, details->>'points_due', summary FROM alerts ORDER BY subject_id"
    ).fetchall()
    assert [(k, n) for k, n, _ in rows] == [("cabinet", "4"), ("cabinet", "5")]
    assert "4 of its 5 sodium lamps due for change, 4 past their rated life" in str(rows[0][2])


def test_a_relamped_cabinet_clears(db: Conn, place: Place) -> None:
    """Once every lamp of a cabinet is relamped, its alert resolves on the next run."""
    run(db, place, "sodium_lamp_end_of_life", NOW)
    first_cabinet = place.small.point_codes[:5]
    _relamp(db, [place.small.point_ids[c] for c in first_cabinet], date(2026, 6, 1))
    run(db, place, "sodium_lamp_end_of_life", NOW)
    assert [a[0] for a in live_alerts(db, "sodium_lamp_end_of_life")] == place.cabinet_ids[1:]


def test_lamp_counter_takes_precedence_over_the_install_date(db: Conn, place: Place) -> None:
    """Counters past 24,000 h on 3 of a cabinet's 5 relamped lamps make its package due."""
    _relamp(db, list(place.small.point_ids.values()), date(2026, 6, 1))
    for code in place.small.point_codes[:3]:
        db.execute(
            b"INSERT INTO lamp_readings (light_point_id, ts, lamp_operating_hours)"
            b" VALUES (%s, %s, 26000)",
            (place.small.point_ids[code], NOW),
        )
    run(db, place, "sodium_lamp_end_of_life", NOW)
    row = db.execute(
        b"SELECT severity, details->>'points_from_counter', details->>'points_past_life'"
        b" FROM alerts"
    ).fetchone()
    assert row == ("low", "3", "3")


def test_a_cabinet_with_few_worn_lamps_is_not_due(db: Conn, place: Place) -> None:
    """Two worn lamps in five: planned, not alerted; a package half worn out falls due."""
    _relamp(db, list(place.small.point_ids.values()), date(2026, 6, 1))
    _relamp(db, [place.small.point_ids[c] for c in place.small.point_codes[:2]], date(2015, 1, 1))
    run(db, place, "sodium_lamp_end_of_life", NOW)
    assert live_alerts(db, "sodium_lamp_end_of_life") == []


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


def _count(db: Conn, place: Place, quantity: int, at: datetime) -> None:
    db.execute(
        b"INSERT INTO spare_stocks (territory_id, item, quantity, counted_at)"
        b" VALUES (%s, 'hps_lamp', %s, %s)",
        (place.territory.id, quantity, at),
    )


def test_spare_stock_below_forecast_failures_then_covered(db: Conn, place: Place) -> None:
    """No count: unjudged; 1 lamp for 10 old ones: high to the lead; 10: resolved."""
    run(db, place, "spare_lamp_stock", NOW)
    assert live_alerts(db, "spare_lamp_stock") == []
    _count(db, place, 1, NOW)
    run(db, place, "spare_lamp_stock", NOW)
    opened = live_alerts(db, "spare_lamp_stock")
    details = db.execute(b"SELECT details, summary FROM alerts").fetchone()
    _count(db, place, 10, NOW)
    run(db, place, "spare_lamp_stock", NOW)
    assert opened == [
        (place.territory.id, "high", "open", place.policy.people["lighting_lead"], "mission_lead")
    ]
    assert details is not None
    # 2015 lamps are past their median life: most of the 10 fail before 24 Feb 2027.
    forecast = details[0]["forecast_failures"]  # type: ignore[index]
    assert 1 < forecast <= 10
    assert f"1 spare sodium lamps, {forecast} failures forecast" in str(details[1])
    assert live_alerts(db, "spare_lamp_stock") == []
