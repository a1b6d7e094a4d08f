"""Alert e-mails carry, per alert, a signed acknowledge link and a signed open link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from receivers import http_server, smtp_server
from rulekit import Conn, copy_lamp_readings, make_place, run

from core.links import LinkSigner, Purpose
from core.settings import Settings
from rules.notify import Channels, deliver_due, queue
from rules.senders import EmailSender, Sender, WebhookSender

NIGHT = datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)
SIGNER = LinkSigner(b"k" * 32, "https://vigie.example.org", timedelta(hours=72))


def test_each_alert_of_an_email_has_its_links(db: Conn) -> None:
    """Two failed lamps make one e-mail with two links per alert, signed for its recipient."""
    place = make_place(db, districts=1, points_per_cabinet=3)
    points = list(place.small.point_ids.values())[:2]
    copy_lamp_readings(
        db, [(p, NIGHT + k * STEP, 0.0, 100, "on") for p in points for k in range(2)]
    )
    run(db, place, "lamp_failure", NIGHT, (NIGHT, NIGHT + STEP))
    with smtp_server() as (smtp, port), http_server() as (hooks, url):
        channels = Channels(webhook_url=url, signer=SIGNER)
        queue(db, "alert", channels, now=NIGHT + STEP)
        senders: dict[str, Sender] = {
            "email": EmailSender(Settings(smtp_host="127.0.0.1", smtp_port=port)),
            "webhook": WebhookSender("s"),
        }
        deliver_due(db, senders, now=NIGHT + STEP, max_attempts=3)
    ((recipients, message),) = smtp.messages
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    alerts = [int(a) for a in re.findall(r"\(alert (\d+)\)", body)]
    assert len(alerts) == 2
    person = db.execute(b"SELECT id FROM people WHERE email = %s", recipients).fetchone()
    assert person is not None
    tokens = re.findall(r"https://vigie\.example\.org/web/links/(\S+)", body)
    claims = [SIGNER.check(t, NIGHT + STEP) for t in tokens]
    assert sorted((c.alert_id, c.purpose) for c in claims) == sorted(
        (a, p) for a in alerts for p in (Purpose.ACKNOWLEDGE, Purpose.OPEN)
    )
    assert {c.person_id for c in claims} == {person[0]}
    assert "/web/links/" not in hooks.requests[0][1].decode()  # the webhook gets no link
