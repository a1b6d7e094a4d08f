"""``/v1/actions/{code}/adjustments``: non-routine adjustments of an action's baseline (IPMVP).

Admins and the action's pilot record and withdraw them, with a token that names its person;
every role reads them. A withdrawn adjustment is kept, marked. The effects computed from then on
(the aggregation's hourly evaluation, or ``vigie effects``) apply what is recorded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api import store_effects
from api.deps import Conn, CurrentUser, Place, allow_action_write, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, int_key, next_cursor
from api.problems import RESPONSES
from api.reads import ReadConn
from api.routes.effects import find_action
from api.schemas import PersonOut
from api.schemas_data import Page
from api.schemas_effects import AdjustmentIn, AdjustmentOut, WithdrawIn
from api.store import Row
from api.tokens import Caller
from core.adjustments import AssetRef
from core.database import Connection
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)],
    prefix="/v1/actions/{code}/adjustments",
    tags=["actions"],
    responses=RESPONSES,
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
AdjustmentId = Annotated[int, Path(ge=1, lt=2**31)]


def adjustment_out(row: Row) -> AdjustmentOut:
    """An adjustment from a row of ``adjustments.sql``."""
    asset = None
    if row["asset_kind"] is not None:
        asset = AssetRef(kind=row["asset_kind"], code=row["asset_code"])
    return AdjustmentOut(
        **{k: row[k] for k in ("id", "action_code", "kind", "starts_on", "ends_on", "reason")},
        kwh_per_year=row["kwh_per_year"],
        asset=asset,
        recorded_by=_person(row["recorded_by"], row["recorded_by_name"]),
        recorded_at=row["recorded_at"],
        withdrawn=row["withdrawn_at"] is not None,
        withdrawn_at=row["withdrawn_at"],
        withdrawn_by=_person(row["withdrawn_by"], row["withdrawn_by_name"]),
        withdrawal_reason=row["withdrawal_reason"],
    )


def _person(person_id: int | None, name: str | None) -> PersonOut | None:
    return None if person_id is None or name is None else PersonOut(id=person_id, name=name)


def _writer(conn: Connection, place_id: int, code: str, caller: Caller) -> tuple[Row, int]:
    """The action, and the caller's person, when the caller may change its adjustments."""
    action = find_action(conn, place_id, code)
    allow_action_write(caller, action["pilot_id"], code)
    if caller.person_id is None:
        raise PermissionDenied(
            "an adjustment records who made it: this token names no person "
            "(vigie token create --person)"
        )
    return action, caller.person_id


def _one(conn: Connection, action_id: int, adjustment_id: int) -> AdjustmentOut:
    found = store_effects.adjustments(conn, action_id, adjustment_id=adjustment_id)
    if not found:
        raise NotFound(f"no adjustment {adjustment_id}")
    return adjustment_out(found[0])


@router.get("", response_model=Page[AdjustmentOut])
def list_adjustments(
    code: str, conn: ReadConn, place: Place, cursor: str | None = None, limit: Limit = DEFAULT_PAGE
) -> Page[AdjustmentOut]:
    """The adjustments recorded for an action, oldest first, withdrawn ones marked."""
    action = find_action(conn, place.id, code)
    found = store_effects.adjustments(conn, action["id"], after=int_key(cursor), limit=limit)
    items = [adjustment_out(row) for row in found]
    return Page(items=items, next_cursor=next_cursor([a.id for a in items], limit))


@router.get("/{adjustment_id}", response_model=AdjustmentOut)
def read_adjustment(
    code: str, adjustment_id: AdjustmentId, conn: ReadConn, place: Place
) -> AdjustmentOut:
    """One adjustment of an action."""
    action = find_action(conn, place.id, code)
    return _one(conn, action["id"], adjustment_id)


@router.post("", response_model=AdjustmentOut, status_code=201)
def record_adjustment(
    code: str, adjustment: AdjustmentIn, conn: Conn, caller: CurrentUser, place: Place
) -> AdjustmentOut:
    """Record a non-routine adjustment of the action's baseline (its pilot or an admin).

    The next computation of the action's effects applies it.
    """
    action, person_id = _writer(conn, place.id, code, caller)
    new_id = store_effects.record_adjustment(conn, action["id"], adjustment, person_id)
    if new_id is None:
        asset = adjustment.asset
        assert asset is not None  # noqa: S101 - only an unknown asset leaves it unrecorded
        raise InvalidInput(
            f"no {asset.kind} {asset.code} in the territory of action {code}",
            [Problem("body.asset.code", f"no {asset.kind} with this code in the territory")],
        )
    return _one(conn, action["id"], new_id)


@router.post("/{adjustment_id}/withdraw", response_model=AdjustmentOut)
def withdraw_adjustment(
    code: str,
    adjustment_id: AdjustmentId,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
    withdrawal: WithdrawIn | None = None,
) -> AdjustmentOut:
    """Withdraw an adjustment (its action's pilot or an admin): kept, marked, no longer applied."""
    action, person_id = _writer(conn, place.id, code, caller)
    reason = None if withdrawal is None else withdrawal.reason
    result = store_effects.withdraw_adjustment(conn, action["id"], adjustment_id, person_id, reason)
    if result is None:
        raise NotFound(f"action {code} has no adjustment {adjustment_id}")
    if not result["changed"]:
        raise Conflict(
            f"adjustment {adjustment_id} was withdrawn on {result['withdrawn_at']:%Y-%m-%d}"
        )
    return _one(conn, action["id"], adjustment_id)
