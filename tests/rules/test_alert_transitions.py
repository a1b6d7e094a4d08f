"""The alert transitions of the database (vigie_*_alert), through rules.lifecycle and directly."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from rulekit import Conn, Place, make_place

from core.errors import Conflict, NotFound
from rules import lifecycle

STATES = ("open", "acknowledged", "resolved", "closed")
CHANGES = ("acknowledge", "resolve", "close")
LEGAL = {
    ("open", "acknowledge"): "acknowledged",
    ("open", "resolve"): "resolved",
    ("acknowledged", "resolve"): "resolved",
    ("resolved", "close"): "closed",
}


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


def alert_in(db: Conn, place: Place, state: str, subject_id: int = 1) -> int:
    """A new alert already in ``state``, with the times that state implies."""
    past = datetime.now(UTC) - timedelta(hours=1)
    row = db.execute(
        b"INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        b" state, summary, group_key, acknowledged_at, resolved_at, closed_at) VALUES (%s,"
        b" 'cabinet_offline', 'lighting', 'cabinet', %s, 'high', %s, 'x', 'g', %s, %s, %s)"
        b" RETURNING id",
        (
            place.territory.id,
            subject_id,
            state,
            past if state == "acknowledged" else None,
            past if state in {"resolved", "closed"} else None,
            past if state == "closed" else None,
        ),
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def history(db: Conn, alert: int) -> list[tuple[object, ...]]:
    """The alert's events: kind, person, comment."""
    return db.execute(
        b"SELECT kind, person_id, comment FROM alert_events WHERE alert_id = %s ORDER BY id",
        (alert,),
    ).fetchall()


def test_every_change_from_every_state(db: Conn, place: Place) -> None:
    """The four legal changes apply and leave one event; the eight others are refused, untouched."""
    pilot = place.policy.people["pilot"]
    for subject, (state, change) in enumerate((s, c) for s in STATES for c in CHANGES):
        alert = alert_in(db, place, state, subject)
        target = LEGAL.get((state, change))
        if target is None:
            with pytest.raises(Conflict) as refused:
                getattr(lifecycle, change)(db, alert, pilot, "why")
            assert str(refused.value) == f"alert {alert} is {state}: cannot {change} it"
            assert history(db, alert) == []
            continue
        getattr(lifecycle, change)(db, alert, pilot, "why")
        row = db.execute(b"SELECT state, comment FROM alerts WHERE id = %s", (alert,)).fetchone()
        assert row == (target, "why")
        assert history(db, alert) == [(target, pilot, "why")]


def test_the_functions_say_what_happened(db: Conn, place: Place) -> None:
    """A row (id, state, changed) for an alert, none for a missing one; an unknown change fails."""
    alert = alert_in(db, place, "open")
    at = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    close = b"SELECT * FROM vigie_close_alert(%s, NULL, NULL, %s)"
    assert db.execute(close, (alert, at)).fetchall() == [(alert, "open", False)]
    resolve = b"SELECT * FROM vigie_resolve_alert(%s, NULL, 'cleared on site', %s)"
    assert db.execute(resolve, (alert, at)).fetchall() == [(alert, "resolved", True)]
    assert db.execute(close, (alert, at + timedelta(hours=1))).fetchall() == [
        (alert, "closed", True)
    ]
    stamps = db.execute(
        b"SELECT resolved_by, resolved_at, closed_at, comment FROM alerts WHERE id = %s", (alert,)
    ).fetchone()
    assert stamps == (None, at, at + timedelta(hours=1), "cleared on site")
    assert db.execute(close, (alert + 1, at)).fetchall() == []
    with pytest.raises(NotFound):
        lifecycle.close(db, alert + 1, None)
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown alert change"):
        db.execute(b"SELECT * FROM vigie_alert_transition(%s, 'reopen', NULL, NULL)", (alert,))


def test_two_people_at_once_make_one_change(db: Conn, db_url: str, place: Place) -> None:
    """While one session's acknowledgement is uncommitted, a second waits, then is refused."""
    alert = alert_in(db, place, "open")
    pilot, lead = place.policy.people["pilot"], place.policy.people["lighting_lead"]
    second: list[tuple[object, ...]] = []
    acknowledge = b"SELECT * FROM vigie_acknowledge_alert(%s, %s, NULL)"
    with psycopg.connect(db_url) as first:
        assert first.execute(acknowledge, (alert, pilot)).fetchall() == [
            (alert, "acknowledged", True)
        ]

        def other() -> None:
            with psycopg.connect(db_url, autocommit=True) as conn:
                second.extend(conn.execute(acknowledge, (alert, lead)).fetchall())

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive(), "the second change did not wait for the first"
        first.commit()
    thread.join(10)
    assert second == [(alert, "acknowledged", False)]
    assert history(db, alert) == [("acknowledged", pilot, None)]
