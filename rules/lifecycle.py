"""What people do to alerts (acknowledge, resolve, close) and the escalation of the rest.

Each change records who, when and a comment in the alert and its history::

    open ──acknowledge──▶ acknowledged ──resolve──▶ resolved ──close──▶ closed
      └──────────────────resolve───────────────────────▲

The transitions are the database's functions (``core/migrations/0051_alert_transitions.sql``),
which the API calls too: a change the state does not allow is a ``Conflict`` naming the state.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from core.database import Connection
from core.errors import Conflict, NotFound
from rules import store

log = logging.getLogger(__name__)


def acknowledge(
    conn: Connection, alert_id: int, person_id: int, comment: str | None = None
) -> None:
    """Mark an open alert as being handled by ``person_id``."""
    _change(conn, "acknowledge", alert_id, person_id, comment)


def resolve(
    conn: Connection, alert_id: int, person_id: int | None, comment: str | None = None
) -> None:
    """Resolve an open or acknowledged alert by hand."""
    _change(conn, "resolve", alert_id, person_id, comment)


def close(
    conn: Connection, alert_id: int, person_id: int | None, comment: str | None = None
) -> None:
    """Close a resolved alert: nothing more to do or say about it."""
    _change(conn, "close", alert_id, person_id, comment)


def escalate(conn: Connection, after_min: int, now: datetime | None = None) -> list[int]:
    """Escalate to the mission lead what stayed unacknowledged for ``after_min`` minutes."""
    with conn.transaction():
        escalated = store.escalate_alerts(conn, now or datetime.now(UTC), after_min)
    if escalated:
        log.info("alerts escalated", extra={"alerts": len(escalated)})
    return escalated


def _change(
    conn: Connection, change: str, alert_id: int, person_id: int | None, comment: str | None
) -> None:
    with conn.transaction():
        outcome = store.change_alert(
            conn,
            change,
            alert_id=alert_id,
            person_id=person_id,
            now=datetime.now(UTC),
            comment=comment,
        )
    if outcome is None:
        raise NotFound(f"no alert {alert_id}")
    state, changed = outcome
    if not changed:
        raise Conflict(f"alert {alert_id} is {state}: cannot {change} it")
    log.info("alert changed", extra={"alert": alert_id, "change": change, "person": person_id})
