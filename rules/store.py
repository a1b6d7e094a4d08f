"""The rules' SQL: rule queries, the alert lifecycle, routing, runs and cursors.

Every statement is a file of ``rules/sql``; this module is the only one that runs them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from core.database import Connection
from core.sql import Queries
from rules.model import SEVERITIES, Finding, Rule, Territory

QUERIES = Queries.of_package("rules")

Row = dict[str, Any]


def territories(conn: Connection, code: str | None = None) -> list[Territory]:
    """Every territory, or the one with ``code``."""
    rows = conn.execute(QUERIES["territories"], {"code": code}).fetchall()
    return [Territory(int(i), str(c), float(la), float(lo), str(tz)) for i, c, la, lo, tz in rows]


def rule_parameters(conn: Connection, territory_id: int, rule_id: str) -> tuple[bool, Row]:
    """Whether the rule is enabled in the territory, and its parameter overrides."""
    row = conn.execute(
        QUERIES["rule_parameters"], {"territory_id": territory_id, "rule_id": rule_id}
    ).fetchone()
    if row is None:
        return True, {}
    return bool(row[0]), dict(row[1])


def evaluate(conn: Connection, query: str, params: Mapping[str, Any]) -> list[Finding]:
    """Run a rule's query; one finding per subject (the first row wins on a repeat)."""
    found: dict[int, Finding] = {}
    for subject_id, firing, severity, group_key, details in conn.execute(QUERIES[query], params):
        found.setdefault(
            int(subject_id),
            Finding(int(subject_id), firing, severity, str(group_key), dict(details)),
        )
    return list(found.values())


def raise_alerts(  # noqa: PLR0913 - the alert's identity, its clock and the findings
    conn: Connection,
    rule: Rule,
    *,
    territory: Territory,
    now: datetime,
    findings: Sequence[Finding],
    summaries: Sequence[str],
) -> list[tuple[int, bool]]:
    """Open or bump the live alert of each firing finding; return (alert id, opened now)."""
    if not findings:
        return []
    rows = conn.execute(
        QUERIES["raise_alerts"],
        {
            "territory_id": territory.id,
            "rule_id": rule.id,
            "domain": rule.domain,
            "subject_kind": rule.subject,
            "now": now,
            "scale": list(SEVERITIES),
            "subject_ids": [f.subject_id for f in findings],
            "severities": [f.severity or rule.severity for f in findings],
            "summaries": list(summaries),
            "group_keys": [f.group_key for f in findings],
            "details": [Jsonb(f.details) for f in findings],
        },
    ).fetchall()
    return [(int(i), bool(o)) for i, o in rows]


def clear_alerts(  # noqa: PLR0913 - the rule, its clock and the two subject sets
    conn: Connection,
    rule: Rule,
    *,
    territory: Territory,
    now: datetime,
    cleared_ids: Sequence[int],
    held_ids: Sequence[int],
) -> list[int]:
    """One more clear evaluation for cleared subjects; return the alerts resolved by it."""
    rows = conn.execute(
        QUERIES["clear_alerts"],
        {
            "territory_id": territory.id,
            "rule_id": rule.id,
            "subject_kind": rule.subject,
            "now": now,
            "clear_after": rule.clear_after,
            "cleared_ids": list(cleared_ids),
            "held_ids": list(held_ids),
            "whole_fleet": rule.whole_fleet,
        },
    ).fetchall()
    return [int(r[0]) for r in rows]


def route_alerts(conn: Connection, alert_ids: Sequence[int]) -> None:
    """Set who receives each of these alerts (pilot, department or mission lead)."""
    if alert_ids:
        conn.execute(QUERIES["route_alerts"], {"alert_ids": list(alert_ids)})


def record_run(conn: Connection, run: Mapping[str, Any]) -> None:
    """Keep one row per rule run."""
    conn.execute(QUERIES["insert_rule_run"], run)


def change_alert(  # noqa: PLR0913 - which change, on which alert, by whom, when, why
    conn: Connection,
    change: str,
    *,
    alert_id: int,
    person_id: int | None,
    now: datetime,
    comment: str | None,
) -> tuple[str, bool] | None:
    """Apply ``acknowledge``, ``resolve`` or ``close``; None when there is no such alert.

    Otherwise the alert's state after the call and whether it changed (False: its state does
    not allow that change). The transition itself is the database's ``vigie_*_alert``.
    """
    row = conn.execute(
        QUERIES[f"{change}_alert"],
        {"alert_id": alert_id, "person_id": person_id, "now": now, "comment": comment},
    ).fetchone()
    return None if row is None else (str(row[1]), bool(row[2]))


def alert_state(conn: Connection, alert_id: int) -> str | None:
    """The alert's state, or None when there is no such alert."""
    row = conn.execute(QUERIES["alert_state"], {"alert_id": alert_id}).fetchone()
    return str(row[0]) if row else None


def escalate_alerts(conn: Connection, now: datetime, after_min: int) -> list[int]:
    """Escalate the open alerts unacknowledged for ``after_min`` minutes; return their ids."""
    rows = conn.execute(QUERIES["escalate_alerts"], {"now": now, "after_min": after_min})
    return [int(r[0]) for r in rows.fetchall()]
