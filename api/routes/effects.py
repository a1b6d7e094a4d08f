"""``/v1/effects`` and an action's effects: the latest computation by each method, or the series.

Every computation of an effect is kept, one per as-of date (the reporting period's end). Reads
show the latest computation of each action's effect by each method, even when it is empty (its
warnings say why); ``history`` and ``/effects/history`` list every one, oldest as-of date first.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api import store_data, store_effects
from api.deps import Place, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, next_cursor, text_key
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_data import Page
from api.schemas_effects import EffectOut
from api.store import Row
from core.database import Connection
from core.errors import InvalidInput, NotFound, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["effects"], responses=RESPONSES
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
History = Annotated[
    bool, Query(description="Every computation kept, not only the latest of each method.")
]


def effect_key(cursor: str | None) -> tuple[date | None, int | None]:
    """The (as-of date, id) a cursor of an effects page holds."""
    key = text_key(cursor)
    if key is None:
        return None, None
    try:
        day, ident = key.split("/", 1)
        return date.fromisoformat(day), int(ident)
    except ValueError as exc:
        raise InvalidInput("invalid cursor", [Problem("query.cursor", "not ours")]) from exc


def effects_page(
    conn: Connection, place_id: int, cursor: str | None, **filters: object
) -> Page[EffectOut]:
    """One page of effects matching the filters (``limit`` among them)."""
    after_as_of, after_id = effect_key(cursor)
    found = store_data.effects(
        conn, place_id, after_as_of=after_as_of, after_id=after_id, **filters
    )
    items = [EffectOut.model_validate(e) for e in found]
    keys = [f"{e.as_of.isoformat()}/{e.id}" for e in items]
    limit = filters["limit"]
    assert isinstance(limit, int)  # noqa: S101 - every caller pages
    return Page[EffectOut](items=items, next_cursor=next_cursor(keys, limit))


def find_action(conn: Connection, place_id: int, code: str) -> Row:
    """The action with this code (id, code, pilot_id), or 404."""
    found = store_effects.action_ref(conn, place_id, code)
    if found is None:
        raise NotFound(f"no action {code}")
    return found


@router.get("/effects", response_model=Page[EffectOut])
def list_effects(
    conn: ReadConn,
    place: Place,
    action: str | None = None,
    mission: str | None = None,
    method: str | None = None,
    history: History = False,  # noqa: FBT002 - a query flag
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[EffectOut]:
    """Effects of the actions, oldest as-of date first.

    The latest computation of each action's effect by each method (every one with
    ``history=true``): estimate and 95 % interval, normal-year figure, method and version,
    boundary, IPMVP option, what was measured and stipulated, parameters, adjustments, fit
    statistics, periods, control group, coverage, flags and warnings.
    """
    filters = {"action": action, "mission": mission, "method": method, "history": history}
    return effects_page(conn, place.id, cursor, limit=limit, **filters)


@router.get("/actions/{code}/effects", response_model=list[EffectOut], tags=["actions"])
def action_effects(code: str, conn: ReadConn, place: Place) -> list[EffectOut]:
    """The latest computation of one action's effect by each method, its headline flagged."""
    find_action(conn, place.id, code)
    found = store_data.effects(conn, place.id, action=code)
    return [EffectOut.model_validate(e) for e in found]


@router.get("/actions/{code}/effects/history", response_model=Page[EffectOut], tags=["actions"])
def action_effect_history(
    code: str,
    conn: ReadConn,
    place: Place,
    method: str | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[EffectOut]:
    """Every computation of one action's effect, by as-of date: how its saving evolved."""
    find_action(conn, place.id, code)
    filters = {"action": code, "method": method, "history": True}
    return effects_page(conn, place.id, cursor, limit=limit, **filters)
