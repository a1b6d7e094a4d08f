"""Notifications against a real SMTP server and a real HTTP receiver on loopback."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from receivers import http_server, smtp_server
from rulekit import Conn, Place, copy_lamp_readings, make_place, run

from core.settings import Settings
from rules.notify import Channels, deliver_due, queue
from rules.senders import EmailSender, Sender, WebhookSender

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)
SECRET = "s3cret-for-tests"  # noqa: S105 - a test value


def _fail_lamps(db: Conn, place: Place, count: int) -> None:
    points = list(place.small.point_ids.values())[:count]
    copy_lamp_readings(
        db, [(p, NIGHT + k * STEP, 0.0, 100, "on") for p in points for k in range(2)]
    )
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))


def _senders(smtp_port: int) -> dict[str, Sender]:
    settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp_port)
    return {"email": EmailSender(settings), "webhook": WebhookSender(SECRET)}


def test_five_hundred_failures_behind_one_cabinet_make_one_email(db: Conn) -> None:
    """500 failed lamps of one cabinet reach the action pilot as one e-mail, sent once."""
    place = make_place(db, districts=1, points_per_cabinet=500)
    _fail_lamps(db, place, 500)
    with smtp_server() as (smtp, port):
        for _ in range(2):
            queue(db, "alert", Channels(), now=NIGHT + STEP)
            deliver_due(db, _senders(port), now=NIGHT + STEP, max_attempts=3)
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == [f"pilot@{place.small.code}.example.org"]
    assert "500 x Lamp failure" in str(message["Subject"])
    assert db.execute(b"SELECT count(*), min(status) FROM notifications").fetchone() == (1, "sent")


def test_webhook_is_signed_retried_and_delivered_once(db: Conn) -> None:
    """A receiver failing twice gets the same signed request on the third attempt, once."""
    place = make_place(db)
    _fail_lamps(db, place, 2)
    with http_server() as (receiver, url), smtp_server() as (_, port):
        receiver.refuse = 2
        channels = Channels(email=False, webhook_url=url)
        queue(db, "alert", channels, now=NIGHT)
        for minutes in (0, 1, 2, 3, 60):
            deliver_due(db, _senders(port), now=NIGHT + timedelta(minutes=minutes), max_attempts=5)
    assert receiver.attempts == 3
    ((headers, body),) = receiver.requests
    expected = hmac.new(
        SECRET.encode(), headers["X-Vigie-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Vigie-Signature"] == f"sha256={expected}"
    assert json.loads(body)["count"] == 2
    log = db.execute(b"SELECT attempt, ok FROM notification_deliveries ORDER BY attempt").fetchall()
    assert log == [(1, False), (2, False), (3, True)]


def test_smtp_refusal_is_retried_and_gives_up_after_max_attempts(db: Conn) -> None:
    """A relay refusing every attempt leaves the notification failed after three tries."""
    place = make_place(db)
    _fail_lamps(db, place, 1)
    with smtp_server() as (smtp, port):
        smtp.refuse = 10
        queue(db, "alert", Channels(), now=NIGHT)
        for hours in range(5):
            deliver_due(db, _senders(port), now=NIGHT + timedelta(hours=hours), max_attempts=3)
    assert smtp.messages == []
    row = db.execute(b"SELECT status, attempts FROM notifications").fetchone()
    assert row == ("failed", 3)


def test_low_severities_wait_for_the_digest(db: Conn) -> None:
    """Informational alerts are not e-mailed one by one but in one digest per person.

    The worn sodium lamps of each cabinet make one alert, its pilot's or the lead's.
    """
    place = make_place(db, technology="HPS", nominal_power_w=100.0)
    db.execute(b"UPDATE light_point_equipment SET lamp_installed_on = '2021-01-01'")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    run(db, place, "sodium_lamp_end_of_life", now)
    assert queue(db, "alert", Channels(), now=now) == 0
    with smtp_server() as (smtp, port):
        assert queue(db, "digest", Channels(), now=now) == 2
        deliver_due(db, _senders(port), now=now, max_attempts=3)
    received = sorted((r[0], str(m["Subject"])) for r, m in smtp.messages)
    assert received == [
        (f"{who}@{place.small.code}.example.org", "[Vigie] digest: 1 alert(s) of low importance")
        for who in ("lighting_lead", "pilot")
    ]


@pytest.mark.parametrize("acknowledged", [False, True])
def test_unacknowledged_alert_escalates_to_the_mission_lead(
    db: Conn,
    acknowledged: bool,  # noqa: FBT001 - a parameter of the case
) -> None:
    """An alert left unacknowledged past the delay goes to the mission lead; acknowledged, not."""
    from rules.lifecycle import acknowledge, escalate  # noqa: PLC0415 - the code under test

    place = make_place(db)
    _fail_lamps(db, place, 1)
    if acknowledged:
        (alert_id,) = db.execute(b"SELECT id FROM alerts").fetchone() or ()
        acknowledge(db, int(str(alert_id)), place.policy.people["pilot"], "on my way")
    escalated = escalate(db, after_min=60, now=NIGHT + timedelta(hours=2))
    with smtp_server() as (smtp, port):
        queue(db, "escalation", Channels(), now=NIGHT + timedelta(hours=2))
        deliver_due(db, _senders(port), now=NIGHT + timedelta(hours=2), max_attempts=3)
    if acknowledged:
        assert (escalated, smtp.messages) == ([], [])
    else:
        ((recipients, message),) = smtp.messages
        assert recipients == [f"lighting_lead@{place.small.code}.example.org"]
        assert str(message["Subject"]).startswith("[Vigie] escalated, high")
