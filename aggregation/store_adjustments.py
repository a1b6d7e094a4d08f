"""The SQL of ``vigie adjustments``: record, list and withdraw an action's non-routine adjustments.

Recording and withdrawing are the database's ``vigie_record_adjustment`` and
``vigie_withdraw_adjustment`` (migration 0067), shared with the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from psycopg.rows import class_row

from aggregation.store import QUERIES
from core.adjustments import NewAdjustment
from core.database import Connection


@dataclass(frozen=True)
class LoggedAdjustment:
    """A recorded adjustment as listed, withdrawn or not."""

    id: int
    kind: str
    starts_on: date
    ends_on: date | None
    kwh_per_year: float
    asset_kind: str | None
    asset_code: str | None
    reason: str
    recorded_by_name: str | None
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_name: str | None
    withdrawal_reason: str | None


def action_of(conn: Connection, code: str) -> tuple[int, str] | None:
    """An action's id and its territory's code, by the action's code."""
    row = conn.execute(QUERIES["adjustment_action"], {"code": code}).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def person_of(conn: Connection, email: str) -> int | None:
    """A person's id by e-mail."""
    row = conn.execute(QUERIES["person_by_email"], {"email": email}).fetchone()
    return None if row is None else int(row[0])


def record(
    conn: Connection, action_id: int, adjustment: NewAdjustment, person_id: int
) -> int | None:
    """Store an adjustment; its id, or None when the action's territory has no such asset."""
    asset = adjustment.asset
    params = {
        "action_id": action_id,
        **adjustment.model_dump(exclude={"asset"}),
        "asset_kind": None if asset is None else asset.kind,
        "asset_code": None if asset is None else asset.code,
        "person_id": person_id,
    }
    row = conn.execute(QUERIES["record_adjustment"], params).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def withdraw(
    conn: Connection, action_id: int, adjustment_id: int, person_id: int, reason: str | None
) -> tuple[datetime, bool] | None:
    """Withdraw an adjustment: (withdrawn_at, changed now); None when the action has no such one."""
    params = {"id": adjustment_id, "action_id": action_id, "person_id": person_id, "reason": reason}
    row = conn.execute(QUERIES["withdraw_adjustment"], params).fetchone()
    return None if row is None else (row[1], bool(row[2]))


def logged(conn: Connection, action_id: int) -> list[LoggedAdjustment]:
    """Every adjustment recorded for an action, oldest first."""
    with conn.cursor(row_factory=class_row(LoggedAdjustment)) as cur:
        return cur.execute(QUERIES["adjustment_log"], {"action_id": action_id}).fetchall()
