"""Street-lighting rules over readings written to the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rulekit import Conn, Place, copy_lamp_readings, live_alerts, make_place, run

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


def _night_readings(
    point_ids: list[int], start: datetime, power_w: float, n: int = 3
) -> list[tuple[object, ...]]:
    return [
        (pid, start + timedelta(minutes=10 * k), power_w, 100, "on")
        for pid in point_ids
        for k in range(n)
    ]


def test_lamp_failure_opens_one_alert_routed_to_the_pilot(db: Conn, place: Place) -> None:
    """A dark lamp at night raises one high alert, routed to its district's action pilot."""
    points = list(place.small.point_ids.values())
    failed, healthy = points[0], points[1]
    copy_lamp_readings(db, _night_readings([failed], NIGHT, 1.0))
    copy_lamp_readings(db, _night_readings([healthy], NIGHT, 60.0))
    window = (NIGHT, NIGHT + timedelta(minutes=20))
    result = run(db, place, "lamp_failure", NIGHT + timedelta(minutes=21), window)
    assert result.subjects == 2
    assert live_alerts(db, "lamp_failure") == [
        (failed, "high", "open", place.policy.people["pilot"], "action_pilot")
    ]
