"""A notification that cannot be built or sent fails alone; the others go out, readable."""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from receivers import smtp_server
from rulekit import Conn, copy_lamp_readings, make_place, run
from servers import free_port

from core.database import open_pool
from core.settings import Settings
from rules.health import serve_health
from rules.notify import Channels, deliver_due, queue
from rules.senders import EmailSender, Sender, WebhookSender
from rules.store_notifications import Outgoing

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)


def _senders(port: int) -> dict[str, Sender]:
    return {
        "email": EmailSender(Settings(smtp_host="127.0.0.1", smtp_port=port)),
        "webhook": WebhookSender("s"),
    }


def _fail(db: Conn, points: list[int]) -> None:
    copy_lamp_readings(
        db, [(p, NIGHT + k * STEP, 0.0, 100, "on") for p in points for k in range(2)]
    )


def _body(message: object) -> str:
    payload = message.get_payload(decode=True)  # type: ignore[attr-defined]
    assert isinstance(payload, bytes)
    return payload.decode()


def test_control_characters_in_a_subject_fail_that_delivery_only(db: Conn) -> None:
    """A name with CRLF and a bell in one alert's subject is refused; the next e-mail is sent."""
    place = make_place(db)
    bad, good = place.small.point_codes[0], place.small.point_codes[5]
    _fail(db, [place.small.point_ids[bad], place.small.point_ids[good]])
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))
    db.execute(  # a summary naming something typed with control characters
        b"UPDATE alerts SET summary = %s WHERE subject_id = %s",
        ("lamp failure at Rue\r\nBcc: everyone@example.org\x07", place.small.point_ids[bad]),
    )
    with smtp_server() as (smtp, port):
        queue(db, "alert", Channels(), now=NIGHT + STEP)
        done = deliver_due(db, _senders(port), now=NIGHT + STEP, max_attempts=3)
    assert done.sent == 1
    ((_, message),) = smtp.messages
    assert good in str(message["Subject"])
    assert "Bcc" not in message
    statuses = db.execute(
        b"SELECT status, last_error FROM notifications ORDER BY status"
    ).fetchall()
    assert [s for s, _ in statuses] == ["failed", "sent"]
    assert "U+000D" in str(statuses[0][1])
    again = queue(db, "alert", Channels(), now=NIGHT + 2 * STEP)
    assert again == 0  # the refused alert is not queued again and again


@dataclass
class FirstExplodes:
    """Raises an unexpected error for the notification ``first``, sends the others."""

    first: int
    real: Sender

    def send(self, notification: Outgoing) -> None:
        """Explode or send."""
        if notification.id == self.first:
            raise RuntimeError("boom")
        self.real.send(notification)


def test_a_sender_raising_anything_fails_that_notification_only(db: Conn) -> None:
    """A sender raising an unexpected error fails that notification; the next one is sent."""
    place = make_place(db)
    codes = place.small.point_codes
    _fail(db, [place.small.point_ids[codes[0]], place.small.point_ids[codes[5]]])
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))
    with smtp_server() as (smtp, port):
        queue(db, "alert", Channels(), now=NIGHT + STEP)
        first = db.execute(b"SELECT min(id) FROM notifications").fetchone()
        assert first is not None
        sender = FirstExplodes(int(str(first[0])), _senders(port)["email"])
        done = deliver_due(db, {"email": sender}, now=NIGHT + STEP, max_attempts=3)
    assert (done.sent, done.failed) == (1, 1)
    assert len(smtp.messages) == 1


def test_body_says_what_where_since_when_in_local_time_with_links(db: Conn) -> None:
    """The e-mail names the rule, the point, the first-seen time in Paris time and two links."""
    place = make_place(db)
    code = place.small.point_codes[0]
    _fail(db, [place.small.point_ids[code]])
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))
    channels = Channels(web_url="https://vigie.example.org", grafana_url="https://g.example.org")
    with smtp_server() as (smtp, port):
        queue(db, "alert", channels, now=NIGHT + STEP)
        deliver_due(db, _senders(port), now=NIGHT + STEP, max_attempts=3)
    ((_, message),) = smtp.messages
    body = _body(message)
    first_seen = db.execute(b"SELECT first_seen FROM alerts").fetchone()
    assert first_seen is not None
    assert isinstance(first_seen[0], datetime)
    local = first_seen[0].astimezone(ZoneInfo("Europe/Paris"))
    assert f"since: {local:%Y-%m-%d %H:%M} CET" in body
    assert "what: Lamp failure (L-" in body
    assert f"where: light point {code}" in body
    assert "https://vigie.example.org/web/alerts/" in body
    assert "dashboard: https://g.example.org/d/vigie-eclairage" in body


def test_repeated_failure_warns_and_counts_in_health(
    db: Conn, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A relay refusing every attempt: a WARNING, then a failed count in the worker's /health."""
    place = make_place(db)
    _fail(db, [place.small.point_ids[place.small.point_codes[0]]])
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))
    with smtp_server() as (smtp, port), caplog.at_level(logging.WARNING, "rules.notify"):
        smtp.refuse = 100
        queue(db, "alert", Channels(), now=NIGHT)
        for hours in range(4):
            deliver_due(db, _senders(port), now=NIGHT + timedelta(hours=hours), max_attempts=3)
    assert "notification failed for good" in [r.getMessage() for r in caplog.records]
    pool = open_pool(db_url, max_size=1)
    server = serve_health(pool, "127.0.0.1", free_port())
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/health"
        with urllib.request.urlopen(url, timeout=5) as answer:
            health = json.loads(answer.read())
    finally:
        server.shutdown()
        server.server_close()
        pool.close()
    assert health == {
        "database": "up",
        "notifications": {"failed": 1, "retrying": 0, "pending": 0},
    }
