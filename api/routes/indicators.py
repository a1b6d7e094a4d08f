"""``/v1/indicators`` and their values."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from api import store_data
from api.deps import Conn, CurrentUser, Place, allow, allow_action_write, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, next_cursor, text_key
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_data import IndicatorOut, IndicatorValueOut, ManualValueIn, Page, Period
from api.store import Row
from api.tokens import Role
from api.views import indicator_out
from core.database import Connection
from core.errors import Conflict, InvalidInput, NotFound, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["indicators"], responses=RESPONSES
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Day = Annotated[date, Query(ge=date(1900, 1, 1), le=date(2200, 1, 1))]
Kind = Literal["means", "activity", "effect"]


def find_indicator(conn: Connection, place_id: int, code: str) -> Row:
    """The indicator with this code, or 404."""
    found = store_data.indicators(conn, place_id, code=code)
    if not found:
        raise NotFound(f"no indicator {code}")
    return found[0]


@router.get("/indicators", response_model=Page[IndicatorOut])
def list_indicators(
    conn: ReadConn,
    place: Place,
    mission: str | None = None,
    action: str | None = None,
    kind: Kind | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[IndicatorOut]:
    """Indicators by code, filtered by mission (its own and its actions'), action and kind."""
    found = store_data.indicators(
        conn,
        place.id,
        mission=mission,
        action=action,
        kind=kind,
        after=text_key(cursor),
        limit=limit,
    )
    items = [indicator_out(row) for row in found]
    return Page(items=items, next_cursor=next_cursor([i.code for i in items], limit))


@router.get("/indicators/{code}", response_model=IndicatorOut)
def read_indicator(code: str, conn: ReadConn, place: Place) -> IndicatorOut:
    """One indicator with its targets."""
    return indicator_out(find_indicator(conn, place.id, code))


@router.get("/indicators/{code}/values", response_model=Page[IndicatorValueOut])
def list_values(
    code: str,
    conn: ReadConn,
    place: Place,
    period: Period = "month",
    start: Annotated[Day, Query(alias="from")] = date(2000, 1, 1),
    end: Annotated[Day, Query(alias="to")] = date(2100, 1, 1),
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Response:
    """Values of one period kind (local days, months or years) whose period starts in [from, to)."""
    row = find_indicator(conn, place.id, code)
    after = text_key(cursor)
    try:
        after_day = None if after is None else date.fromisoformat(after)
    except ValueError as exc:
        raise InvalidInput("invalid cursor", [Problem("query.cursor", "not ours")]) from exc
    found = store_data.indicator_values(
        conn, row["id"], period=period, start=start, end=end, after=after_day, limit=limit
    )
    items = [IndicatorValueOut.model_validate(v) for v in found]
    keys = [v.period_start.isoformat() for v in items]
    page = Page[IndicatorValueOut](items=items, next_cursor=next_cursor(keys, limit))
    # A page holds up to 500 values: encoded once here, not validated again by the framework
    # (response_model still documents it).
    return Response(page.model_dump_json(), media_type="application/json")


@router.put("/indicators/{code}/values/{period}/{period_start}", response_model=IndicatorValueOut)
def enter_value(
    code: str,
    period: Period,
    period_start: Annotated[date, Path(ge=date(1900, 1, 1), le=date(2200, 1, 1))],
    value: ManualValueIn,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> IndicatorValueOut:
    """Enter a value by hand (an admin, or the pilot of the indicator's action)."""
    row = find_indicator(conn, place.id, code)
    if caller.role is Role.PILOT and row["action_code"] is None:
        allow(caller, Role.ADMIN, to=f"enter values of {row['level']} indicator {code}")
    allow_action_write(caller, row["pilot_id"], row["action_code"] or code)
    if row["computation"] is not None:
        raise Conflict(
            f"{code} is computed ({row['computation']}); its values are not entered by hand"
        )
    stored = store_data.upsert_manual_value(
        conn,
        {
            "indicator_id": row["id"],
            "period": period,
            "period_start": period_start,
            "entered_by": caller.person_id,
            **value.model_dump(),
        },
    )
    if stored is None:
        raise Conflict(f"{code} has a computed {period} value for {period_start}; it stays")
    return IndicatorValueOut.model_validate(stored)
