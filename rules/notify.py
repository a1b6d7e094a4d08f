"""Notifications of alerts: grouped into an outbox, then delivered with retries.

Queuing groups the alerts a person must hear about: by recipient, rule and group (the cabinet
behind 500 failed lamps, the building of a meter), so a burst makes one message. Low severities
go to a daily digest instead, one message per person. ``notification_alerts`` records which
alert went out in which notification, per channel and kind: nothing is queued twice.
Delivery takes due notifications one at a time, each under a row lock in its own transaction,
logs each attempt and backs off on failure. Whatever goes wrong with one notification (it cannot
be built, the relay refuses it, the sender raises) fails that notification only; one that keeps
failing is a warning in the log and a count in the worker's ``/health``.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from core.database import Connection
from core.links import LinkSigner
from rules import store_notifications as outbox
from rules.compose import Kind, Links, Unbuildable, compose, idempotency_key
from rules.model import SEVERITIES
from rules.senders import DeliveryFailed, Sender

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 5
BACKOFF_MAX_S = 3600
WARN_AFTER_ATTEMPTS = 3


@dataclass(frozen=True)
class Channels:
    """Where notifications go: e-mail to the routed person, and optionally one webhook URL."""

    email: bool = True
    webhook_url: str | None = None
    signer: LinkSigner | None = None  # signs each e-mailed alert's acknowledge and open links
    web_url: str | None = None  # the web pages, for an alert's link when links are not signed
    grafana_url: str | None = None  # for the link to an alert's dashboard

    def links(self, channel: str) -> Links:
        """The links an e-mail carries; a webhook's payload carries none."""
        if channel != "email":
            return Links()
        return Links(web_url=self.web_url, grafana_url=self.grafana_url, signer=self.signer)


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
                key = (kind, channel, recipient, person_id)
                if _queue_one(conn, key, members, now, channels.links(channel)):
                    queued += 1
    if queued:
        log.info("notifications queued", extra={"kind": kind, "notifications": queued})
    return queued


def _queue_one(
    conn: Connection,
    key: tuple[Kind, str, str, int | None],
    members: list[dict[str, Any]],
    now: datetime,
    links: Links,
) -> bool:
    """Queue one notification; one that cannot be built is recorded as failed, alone."""
    kind, channel, recipient, person_id = key
    ids = [int(a["id"]) for a in members]
    try:
        with conn.transaction():
            notification = compose(
                kind,
                channel=channel,
                recipient=recipient,
                person_id=person_id,
                members=members,
                now=now,
                links=links,
            )
            return outbox.insert_notification(conn, notification, ids) is not None
    except (Unbuildable, ValueError, KeyError, TypeError, psycopg.DataError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    log.warning(
        "notification refused",
        extra={"kind": kind, "channel": channel, "alerts": len(ids), "error": error},
    )
    with conn.transaction():
        refused = {
            "idempotency_key": idempotency_key(channel, kind, recipient, members),
            "channel": channel,
            "kind": kind,
            "recipient": recipient,
            "person_id": person_id,
            "subject": f"[Vigie] {len(ids)} alert(s) that could not be notified",
            "payload": {"kind": kind, "count": len(ids), "alert_ids": ids},
            "now": now,
            "error": error,
        }
        outbox.insert_failed_notification(conn, refused, ids)
    return False


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
    """Send up to ``limit`` due notifications, each committed on its own; back off on failure."""
    sent = retried = failed = 0
    for _ in range(limit):
        with conn.transaction():
            due = outbox.due_notifications(conn, now, 1)
            if not due:
                break
            outcome = _deliver_one(conn, senders, due[0], now=now, max_attempts=max_attempts)
        sent += outcome == "sent"
        retried += outcome == "pending"
        failed += outcome == "failed"
    result = Deliveries(sent, retried, failed)
    if sent or retried or failed:
        log.info(
            "notifications delivered", extra={"sent": sent, "retried": retried, "failed": failed}
        )
    return result


def _deliver_one(
    conn: Connection,
    senders: Mapping[str, Sender],
    notification: outbox.Outgoing,
    *,
    now: datetime,
    max_attempts: int,
) -> str:
    """One attempt at one notification, logged; its new status: sent, pending or failed."""
    attempt = notification.attempts + 1
    started = time.perf_counter()
    detail, ok, last = "", True, attempt >= max_attempts
    try:
        senders[notification.channel].send(notification)
    except DeliveryFailed as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # noqa: BLE001 - whatever a sender raises fails this one only
        detail, ok, last = f"{type(exc).__name__}: {exc}", False, True
    outbox.record_delivery(
        conn,
        {
            "id": notification.id,
            "attempt": attempt,
            "now": now,
            "ok": ok,
            "detail": detail,
            "duration_ms": round((time.perf_counter() - started) * 1000),
            "max_attempts": attempt if last else max_attempts,
            "backoff_s": min(BACKOFF_BASE_S * 2 ** (attempt - 1), BACKOFF_MAX_S),
        },
    )
    if ok:
        return "sent"
    if last or attempt >= WARN_AFTER_ATTEMPTS:
        log.warning(
            "notification failed for good" if last else "notification keeps failing",
            extra={
                "notification": notification.id,
                "channel": notification.channel,
                "attempts": attempt,
                "error": detail,
            },
        )
    return "failed" if last else "pending"
