"""Package-level alerts: many lamp alerts behind one cabinet reach a person as one alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rulekit import Conn, Place, copy_lamp_readings, make_place, run

from rules.notify import Channels, queue

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)


def _readings(db: Conn, points: list[int], first: int, power_w: float) -> None:
    copy_lamp_readings(
        db, [(p, NIGHT + k * STEP, power_w, 100, "on") for p in points for k in (first, first + 1)]
    )


def _judge(db: Conn, place: Place, first: int) -> None:
    end = NIGHT + (first + 1) * STEP
    run(db, place, "lamp_failure", end, (NIGHT + first * STEP, end))


def _open_for(db: Conn, person: int) -> list[tuple[object, ...]]:
    return db.execute(
        b"SELECT subject_kind, summary FROM alerts"
        b" WHERE routed_to = %s AND state IN ('open', 'acknowledged') ORDER BY id",
        (person,),
    ).fetchall()


def test_twelve_failures_behind_a_cabinet_are_one_alert_until_few_are_left(db: Conn) -> None:
    """12 failed lamps: one cabinet alert for the pilot; 6 left: kept; 4 left: back one by one."""
    place = make_place(db, districts=1, points_per_cabinet=12)
    pilot = place.policy.people["pilot"]
    points = [place.small.point_ids[c] for c in place.small.point_codes]
    _readings(db, points, 0, 0.0)
    _judge(db, place, 0)
    assert _open_for(db, pilot) == [
        ("cabinet", f"12 x Lamp failure behind cabinet {place.small.cabinet_codes[0]}")
    ]
    members = db.execute(
        b"SELECT count(*), count(grouped_in), count(routed_to) FROM alerts"
        b" WHERE subject_kind = 'light_point' AND state = 'open'"
    ).fetchone()
    assert members == (12, 12, 0)
    assert queue(db, "alert", Channels(), now=NIGHT + 2 * STEP) == 1
    notified = db.execute(b"SELECT count(*) FROM notification_alerts").fetchone()
    assert notified == (1,)

    for first in (2, 4):  # six lamps repaired, two clear evaluations each
        _readings(db, points[:6], first, 60.0)
        _readings(db, points[6:], first, 0.0)
        _judge(db, place, first)
    assert _open_for(db, pilot) == [
        ("cabinet", f"6 x Lamp failure behind cabinet {place.small.cabinet_codes[0]}")
    ]

    for first in (6, 8):  # two more repaired: 4 left, under half of 10
        _readings(db, points[:8], first, 60.0)
        _readings(db, points[8:], first, 0.0)
        _judge(db, place, first)
    still = _open_for(db, pilot)
    assert [kind for kind, _ in still] == ["light_point"] * 4
    group = db.execute(b"SELECT state FROM alerts WHERE subject_kind = 'cabinet'").fetchone()
    assert group == ("resolved",)
