"""The SQL of package-level alerts: groups to stand for, members to mark, groups to release."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.database import Connection
from rules.model import SEVERITIES, Severity
from rules.store import QUERIES


@dataclass(frozen=True)
class Group:
    """A cabinet's (or district's) live alerts of one light-point rule."""

    group_key: str
    kind: str
    subject_id: int
    members: int
    severity: Severity
    codes: list[str]
    code: str | None


def groups(conn: Connection, territory_id: int, rule_id: str, group_over: int) -> list[Group]:
    """The groups a group alert stands for (or keeps standing for)."""
    rows = conn.execute(
        QUERIES["alert_groups"],
        {
            "territory_id": territory_id,
            "rule_id": rule_id,
            "group_over": group_over,
            "scale": list(SEVERITIES),
        },
    ).fetchall()
    return [
        Group(str(k), str(kind), int(i), int(n), s, list(codes), None if c is None else str(c))
        for k, kind, i, n, s, codes, c in rows
    ]


def mark_members(conn: Connection, territory_id: int, rule_id: str) -> None:
    """Mark each live member with its live group alert; route the members to nobody."""
    conn.execute(QUERIES["group_members"], {"territory_id": territory_id, "rule_id": rule_id})


def release(
    conn: Connection, territory_id: int, rule_id: str, keep: Sequence[str], now: datetime
) -> list[int]:
    """Resolve the group alerts not in ``keep``; the ids of their released live members."""
    rows = conn.execute(
        QUERIES["release_groups"],
        {"territory_id": territory_id, "rule_id": rule_id, "keep": list(keep), "now": now},
    ).fetchall()
    return [int(r[0]) for r in rows]
