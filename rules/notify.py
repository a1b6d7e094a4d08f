"""Notifications of alerts: grouped into an outbox, then delivered with retries.

Queuing groups the alerts a person must hear about: by recipient, rule and group (the cabinet
behind 500 failed lamps, the building of a meter), so a burst makes one message. Low severities
go to a daily digest instead, one message per person. ``notification_alerts`` records which
alert went out in which notification, per channel and kind: nothing is queued twice.
Delivery takes due notifications under a row lock, logs each attempt and backs off on failure.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from core.database import Connection
from core.links import LinkSigner, Purpose
from rules import store_notifications as outbox
from rules.catalogue import RULES
from rules.model import SEVERITIES
from rules.senders import DeliveryFailed, Sender

log = logging.getLogger(__name__)

Kind = Literal["alert", "escalation", "digest"]
LISTED = 100
BACKOFF_BASE_S = 5
BACKOFF_MAX_S = 3600


@dataclass(frozen=True)
class Channels:
    """Where notifications go: e-mail to the routed person, and optionally one webhook URL."""

    email: bool = True
    webhook_url: str | None = None
    signer: LinkSigner | None = None  # signs each e-mailed alert's acknowledge and open links


def digest_rank(max_severity: str) -> int:
    """Position (1-based) of the highest severity sent in the digest; 0 for no digest."""
    return SEVERITIES.index(max_severity) + 1 if max_severity in SEVERITIES else 0


def queue(  # noqa: PLR0913 - the kind, the clock and the grouping knobs
    conn: Connection,
    kind: Kind,
    channels: Channels,
    *,
    now: datetime,
    group_wait_s: int = 0,
    digest_max_severity: str = "low",
) -> int:
    """Queue the notifications of ``kind`` that are due; return how many were queued."""
    queued = 0
    with conn.transaction():
        outbox.lock_queue(conn)
        for channel in ("email", "webhook"):
            if (channel == "email" and not channels.email) or (
                channel == "webhook" and not channels.webhook_url
            ):
                continue
            alerts = outbox.alerts_to_notify(
                conn,
                channel=channel,
                kind=kind,
                now=now,
                group_wait_s=group_wait_s,
                digest_rank=digest_rank(digest_max_severity),
            )
            for (recipient, person_id), members in _groups(alerts, kind, channel, channels):
                notification = _compose(
                    kind,
                    channel=channel,
                    recipient=recipient,
                    person_id=person_id,
                    members=members,
                    now=now,
                    signer=channels.signer if channel == "email" else None,
                )
                if outbox.insert_notification(conn, notification, [a["id"] for a in members]):
                    queued += 1
    if queued:
        log.info("notifications queued", extra={"kind": kind, "notifications": queued})
    return queued


def _groups(
    alerts: list[dict[str, Any]], kind: Kind, channel: str, channels: Channels
) -> list[tuple[tuple[str, int | None], list[dict[str, Any]]]]:
    grouped: dict[tuple[str, int | None, str, str], list[dict[str, Any]]] = defaultdict(list)
    for alert in alerts:
        if channel == "email":
            if not alert["email"]:
                continue
            recipient, person = str(alert["email"]), alert["person_id"]
        else:
            recipient, person = str(channels.webhook_url), None
        rule, group = ("", "") if kind == "digest" else (alert["rule_id"], alert["group_key"])
        grouped[recipient, person, rule, group].append(alert)
    return [((r, p), members) for (r, p, _, _), members in grouped.items()]


def _compose(  # noqa: PLR0913 - the parts of one message
    kind: Kind,
    *,
    channel: str,
    recipient: str,
    person_id: int | None,
    members: list[dict[str, Any]],
    now: datetime,
    signer: LinkSigner | None = None,
) -> dict[str, Any]:
    ids = sorted(int(a["id"]) for a in members)
    key_text = f"{channel}|{kind}|{recipient}|{','.join(map(str, ids))}"
    severity = max((a["severity"] for a in members), key=SEVERITIES.index)
    first = members[0]
    title = RULES[first["rule_id"]].title if first["rule_id"] in RULES else first["rule_id"]
    if kind == "digest":
        subject = f"[Vigie] digest: {len(members)} alert(s) of low importance"
    elif len(members) == 1:
        subject = f"[Vigie] {_prefix(kind)}{severity}: {first['summary']}"
    else:
        subject = (
            f"[Vigie] {_prefix(kind)}{severity}: {len(members)} x {title} ({first['group_key']})"
        )
    lines = [
        line
        for a in members[:LISTED]
        for line in [
            f"- [{a['severity']}] {a['summary']} (alert {a['id']})",
            *_links(signer, int(a["id"]), person_id, now),
        ]
    ]
    if len(members) > LISTED:
        lines.append(f"... and {len(members) - LISTED} more")
    return {
        "idempotency_key": hashlib.sha256(key_text.encode()).hexdigest(),
        "channel": channel,
        "kind": kind,
        "recipient": recipient,
        "person_id": person_id,
        "subject": subject,
        "body": "\n".join([subject.removeprefix("[Vigie] "), "", *lines, ""]),
        "payload": {
            "kind": kind,
            "severity": severity,
            "rule_id": None if kind == "digest" else first["rule_id"],
            "group_key": None if kind == "digest" else first["group_key"],
            "count": len(members),
            "alerts": [_alert_payload(a) for a in members],
        },
        "now": now,
    }


def _links(signer: LinkSigner | None, alert: int, person: int | None, now: datetime) -> list[str]:
    """The alert's acknowledge and open links for its recipient, when links are signed."""
    if signer is None or person is None:
        return []
    return [
        f"  acknowledge: {signer.url(Purpose.ACKNOWLEDGE, alert, person, now)}",
        f"  open: {signer.url(Purpose.OPEN, alert, person, now)}",
    ]


def _prefix(kind: Kind) -> str:
    return "escalated, " if kind == "escalation" else ""


def _alert_payload(alert: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": alert["id"],
        "rule_id": alert["rule_id"],
        "severity": alert["severity"],
        "summary": alert["summary"],
        "subject_kind": alert["subject_kind"],
        "subject_id": alert["subject_id"],
        "first_seen": alert["first_seen"].isoformat(),
    }


@dataclass(frozen=True)
class Deliveries:
    """What one delivery pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def deliver_due(
    conn: Connection,
    senders: Mapping[str, Sender],
    *,
    now: datetime,
    max_attempts: int,
    limit: int = 50,
) -> Deliveries:
    """Send the due notifications once each; log every attempt; back off on failure."""
    sent = retried = failed = 0
    with conn.transaction():
        for notification in outbox.due_notifications(conn, now, limit):
            attempt = notification.attempts + 1
            started = time.perf_counter()
            detail, ok = "", True
            try:
                senders[notification.channel].send(notification)
            except DeliveryFailed as exc:
                detail, ok = str(exc), False
            backoff = min(BACKOFF_BASE_S * 2 ** (attempt - 1), BACKOFF_MAX_S)
            outbox.record_delivery(
                conn,
                {
                    "id": notification.id,
                    "attempt": attempt,
                    "now": now,
                    "ok": ok,
                    "detail": detail,
                    "duration_ms": round((time.perf_counter() - started) * 1000),
                    "max_attempts": max_attempts,
                    "backoff_s": backoff,
                },
            )
            if ok:
                sent += 1
            elif attempt >= max_attempts:
                failed += 1
            else:
                retried += 1
    result = Deliveries(sent, retried, failed)
    if sent or retried or failed:
        log.info(
            "notifications delivered", extra={"sent": sent, "retried": retried, "failed": failed}
        )
    return result
