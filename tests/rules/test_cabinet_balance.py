"""L-12 a cabinet's energy against its points', L-13 its burning hours against the schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rulekit import Conn, Place, live_alerts, make_place, run

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 16, 6, 0, tzinfo=UTC)


def _day(db: Conn, place: Place, cabinet_kwh: float, point_wh: float) -> None:
    """Rollups of DAY: the first cabinet's energy, and each of its five points' energy."""
    db.execute(b"DELETE FROM cabinet_rollups_daily")
    db.execute(b"DELETE FROM lamp_rollups_daily")
    db.execute(
        b"INSERT INTO cabinet_rollups_daily (cabinet_id, day, energy_kwh, coverage)"
        b" VALUES (%s, %s, %s, 1.0)",
        (place.cabinet_ids[0], DAY, cabinet_kwh),
    )
    for code in place.small.point_codes[:5]:
        db.execute(
            b"INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)"
            b" VALUES (%s, %s, %s, 0.99)",
            (place.small.point_ids[code], DAY, point_wh),
        )


def test_cabinet_drawing_more_than_its_points_alerts_and_clears_with_hysteresis(
    db: Conn,
) -> None:
    """13 kWh against 5 x 2 kWh: medium, routed; 10.8 kWh (8 %): no change; 10.3 kWh: resolved."""
    place = make_place(db)
    _day(db, place, 13.0, 2_000.0)
    run(db, place, "cabinet_balance", NOW)
    opened = live_alerts(db, "cabinet_balance")
    summary = db.execute(b"SELECT summary FROM alerts").fetchone()
    _day(db, place, 10.8, 2_000.0)
    run(db, place, "cabinet_balance", NOW)
    held = live_alerts(db, "cabinet_balance")
    _day(db, place, 10.3, 2_000.0)
    run(db, place, "cabinet_balance", NOW)
    cabinet = place.cabinet_ids[0]
    assert opened == [(cabinet, "medium", "open", place.policy.people["pilot"], "action_pilot")]
    assert summary is not None
    assert "13.0 kWh metered on 2026-01-15, its 5 points 10.0" in str(summary[0])
    assert held == opened
    assert live_alerts(db, "cabinet_balance") == []


def test_a_point_without_its_day_leaves_the_cabinet_unjudged(db: Conn) -> None:
    """With one point's rollup missing, no sum can be trusted: nothing opens."""
    place = make_place(db)
    _day(db, place, 13.0, 2_000.0)
    db.execute(
        b"DELETE FROM lamp_rollups_daily WHERE light_point_id = %s",
        (place.small.point_ids[place.small.point_codes[0]],),
    )
    run(db, place, "cabinet_balance", NOW)
    assert live_alerts(db, "cabinet_balance") == []


def _week(db: Conn, place: Place, on_hours: float) -> None:
    """Seven days before NOW: 14 h scheduled each, the first cabinet lit ``on_hours``."""
    db.execute(b"DELETE FROM cabinet_rollups_daily")
    db.execute(b"DELETE FROM lighting_days")
    for n in range(7):
        day = DAY - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        db.execute(
            b"INSERT INTO lighting_days (territory_id, day, day_start, day_end, off_at, on_at,"
            b" lit_hours, on_offset_min, off_offset_min)"
            b" VALUES (%s, %s, %s, %s, %s, %s, 14, 0, 0)",
            (
                place.territory.id,
                day,
                start,
                start + timedelta(days=1),
                start + timedelta(hours=7),
                start + timedelta(hours=17),
            ),
        )
        db.execute(
            b"INSERT INTO cabinet_rollups_daily (cabinet_id, day, energy_kwh, coverage, on_hours)"
            b" VALUES (%s, %s, 10, 1.0, %s)",
            (place.cabinet_ids[0], day, on_hours),
        )


def test_burning_hours_off_the_schedule_alert_and_clear_with_hysteresis(db: Conn) -> None:
    """Lit 15.4 h a day for 14 scheduled (+10 %): medium; +4 %: no change; +1 %: resolved."""
    place = make_place(db)
    _week(db, place, 15.4)
    run(db, place, "burning_hours_drift", NOW)
    opened = live_alerts(db, "burning_hours_drift")
    _week(db, place, 14.56)
    run(db, place, "burning_hours_drift", NOW)
    held = live_alerts(db, "burning_hours_drift")
    _week(db, place, 14.14)
    run(db, place, "burning_hours_drift", NOW)
    cabinet = place.cabinet_ids[0]
    assert opened == [(cabinet, "medium", "open", place.policy.people["pilot"], "action_pilot")]
    assert held == opened
    assert live_alerts(db, "burning_hours_drift") == []
