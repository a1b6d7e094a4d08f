"""The notifications' SQL: the outbox, its links to alerts and the delivery log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from core.database import Connection
from rules.model import SEVERITIES
from rules.store import QUERIES


@dataclass(frozen=True)
class Outgoing:
    """A notification due for delivery."""

    id: int
    channel: str
    kind: str
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any]
    attempts: int
    idempotency_key: str


def lock_queue(conn: Connection) -> None:
    """Serialise queuing until the end of the transaction."""
    conn.execute(QUERIES["lock_notification_queue"])


def alerts_to_notify(  # noqa: PLR0913 - the channel, kind and the knobs of the selection
    conn: Connection,
    *,
    channel: str,
    kind: str,
    now: datetime,
    group_wait_s: int,
    digest_rank: int,
    limit: int = 10_000,
) -> list[dict[str, Any]]:
    """Live alerts not yet notified on this channel for this kind, as dicts."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            QUERIES["alerts_to_notify"],
            {
                "channel": channel,
                "kind": kind,
                "now": now,
                "group_wait_s": group_wait_s,
                "digest_rank": digest_rank,
                "scale": list(SEVERITIES),
                "limit": limit,
            },
        )
        return cur.fetchall()


def insert_notification(
    conn: Connection, notification: Mapping[str, Any], alert_ids: Sequence[int]
) -> int | None:
    """Queue a notification for these alerts; None when its idempotency key is already there."""
    row = conn.execute(
        QUERIES["insert_notification"],
        {**notification, "payload": Jsonb(notification["payload"])},
    ).fetchone()
    if row is None:
        return None
    conn.execute(
        QUERIES["link_notification_alerts"],
        {
            "notification_id": row[0],
            "alert_ids": list(alert_ids),
            "channel": notification["channel"],
            "kind": notification["kind"],
        },
    )
    return int(row[0])


def due_notifications(conn: Connection, now: datetime, limit: int) -> list[Outgoing]:
    """Pending notifications due now, locked for this transaction."""
    rows = conn.execute(QUERIES["due_notifications"], {"now": now, "limit": limit}).fetchall()
    return [
        Outgoing(int(i), str(c), str(k), str(r), str(s), str(b), dict(p), int(a), str(key))
        for i, c, k, r, s, b, p, a, key in rows
    ]


def record_delivery(conn: Connection, attempt: Mapping[str, Any]) -> None:
    """Log one delivery attempt and move the notification on."""
    conn.execute(QUERIES["record_delivery"], attempt)


def insert_failed_notification(
    conn: Connection, notification: Mapping[str, Any], alert_ids: Sequence[int]
) -> int | None:
    """Record a notification that could not be built as failed, linked to its alerts."""
    row = conn.execute(
        QUERIES["insert_failed_notification"],
        {**notification, "payload": Jsonb(notification["payload"])},
    ).fetchone()
    if row is None:
        return None
    conn.execute(
        QUERIES["link_notification_alerts"],
        {
            "notification_id": row[0],
            "alert_ids": list(alert_ids),
            "channel": notification["channel"],
            "kind": notification["kind"],
        },
    )
    return int(row[0])


@dataclass(frozen=True)
class NotificationRow:
    """A notification as `vigie notifications list` shows it."""

    id: int
    status: str
    channel: str
    kind: str
    recipient: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    subject: str
    last_error: str | None


def list_notifications(conn: Connection, status: str | None, limit: int) -> list[NotificationRow]:
    """Notifications newest first, of one status or all."""
    rows = conn.execute(QUERIES["list_notifications"], {"status": status, "limit": limit})
    return [NotificationRow(*row) for row in rows.fetchall()]


def retry_notifications(conn: Connection, notification_id: int | None, now: datetime) -> list[int]:
    """Make failed notifications (one, or all) pending again, due now; their ids."""
    rows = conn.execute(QUERIES["retry_notifications"], {"id": notification_id, "now": now})
    return [int(r[0]) for r in rows.fetchall()]


def notification_counts(conn: Connection) -> dict[str, int]:
    """Failed, retrying and pending notifications, for the worker's /health."""
    row = conn.execute(QUERIES["notification_counts"]).fetchone()
    failed, retrying, pending = row or (0, 0, 0)
    return {"failed": int(failed), "retrying": int(retrying), "pending": int(pending)}
