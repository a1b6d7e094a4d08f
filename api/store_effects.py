"""Queries and writes on the non-routine adjustments of an action's baseline.

Recording and withdrawing are the database's ``vigie_record_adjustment`` and
``vigie_withdraw_adjustment`` (migration 0067), shared with ``vigie adjustments``.
"""

from __future__ import annotations

from api.store import Row, one, rows, scalar
from core.adjustments import NewAdjustment
from core.database import Connection


def action_ref(conn: Connection, territory_id: int, code: str) -> Row | None:
    """An action of the territory (id, code, pilot_id), or None."""
    return one(conn, "action_ref", {"territory_id": territory_id, "code": code})


def adjustments(
    conn: Connection,
    action_id: int,
    *,
    adjustment_id: int | None = None,
    after: int | None = None,
    limit: int = 1,
) -> list[Row]:
    """An action's recorded adjustments (one by id, or a page after id ``after``)."""
    params = {"action_id": action_id, "id": adjustment_id, "after": after, "limit": limit}
    return rows(conn, "adjustments", params)


def record_adjustment(
    conn: Connection, action_id: int, adjustment: NewAdjustment, person_id: int
) -> int | None:
    """Store an adjustment; its id, or None when the territory has no such asset."""
    asset = adjustment.asset
    params = {
        "action_id": action_id,
        **adjustment.model_dump(exclude={"asset"}),
        "asset_kind": None if asset is None else asset.kind,
        "asset_code": None if asset is None else asset.code,
        "person_id": person_id,
    }
    found = scalar(conn, "record_adjustment", params)
    return None if found is None else int(found)


def withdraw_adjustment(
    conn: Connection, action_id: int, adjustment_id: int, person_id: int, reason: str | None
) -> Row | None:
    """Withdraw an adjustment: ``withdrawn_at`` and ``changed``; None when there is no such one."""
    params = {"id": adjustment_id, "action_id": action_id, "person_id": person_id, "reason": reason}
    return one(conn, "withdraw_adjustment", params)
