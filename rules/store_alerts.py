"""Alerts as ``vigie alerts list`` shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.database import Connection
from rules.store import QUERIES


@dataclass(frozen=True)
class AlertLine:
    """One alert: what, on which subject, for which action, and when it was last seen."""

    id: int
    state: str
    severity: str
    rule_id: str
    subject_kind: str
    subject_code: str
    action_code: str | None
    last_seen: datetime
    summary: str


@dataclass(frozen=True)
class AlertFilter:
    """Which alerts to list; ``None`` means any."""

    territory: str
    states: tuple[str, ...]
    severity: str | None = None
    action: str | None = None
    rule: str | None = None
    limit: int = 50


def list_alerts(conn: Connection, wanted: AlertFilter) -> list[AlertLine]:
    """The alerts ``wanted`` keeps, newest first."""
    params = {
        "territory": wanted.territory,
        "states": list(wanted.states),
        "severity": wanted.severity,
        "action": wanted.action,
        "rule": wanted.rule,
        "limit": wanted.limit,
    }
    return [AlertLine(*row) for row in conn.execute(QUERIES["list_alerts"], params).fetchall()]
