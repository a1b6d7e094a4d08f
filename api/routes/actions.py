"""``/v1/actions``: list and read actions; change status, milestones, budgets and scope.

Pilots write on the actions they pilot, admins on every action.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from api import store_data, store_policy
from api.deps import Conn, CurrentUser, Place, allow_action_write, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, next_cursor, text_key
from api.problems import RESPONSES
from api.schemas import ActionOut, ActionPatchIn, BudgetIn, BudgetLineOut, ScopeIn, ScopeOut
from api.schemas_data import ActionDetailOut, AlertOut, EffectOut, Page
from api.store import Row
from api.tokens import Caller, Role
from api.views import action_out, analysis_out, indicator_out
from core.database import Connection
from core.errors import InvalidInput, NotFound, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/actions", tags=["actions"], responses=RESPONSES
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Status = Literal["planned", "in_progress", "done", "suspended", "cancelled"]


def find_action(conn: Connection, place_id: int, code: str) -> Row:
    """The action with this code, or 404."""
    found = store_policy.actions(conn, place_id, code=code)
    if not found:
        raise NotFound(f"no action {code}")
    return found[0]


@router.get("", response_model=Page[ActionOut])
def list_actions(
    conn: Conn,
    place: Place,
    mission: str | None = None,
    status: Status | None = None,
    pilot: Annotated[int | None, Query(ge=1, lt=2**31, description="Person id.")] = None,
    district: str | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[ActionOut]:
    """Actions by code, filtered by mission code, status, pilot and district code."""
    found = store_policy.actions(
        conn,
        place.id,
        mission=mission,
        status=status,
        pilot_id=pilot,
        district=district,
        after=text_key(cursor),
        limit=limit,
    )
    items = [action_out(row) for row in found]
    return Page(items=items, next_cursor=next_cursor([a.code for a in items], limit))


def visible_open_alerts(
    conn: Connection, place_id: int, caller: Caller, code: str
) -> list[AlertOut]:
    """The live alerts of an action that the caller may see."""
    if caller.role is Role.VIEWER:
        return []
    person = None if caller.sees_all_alerts() else caller.person_id or -1
    found = store_data.alerts(conn, place_id, action=code, live=True, person_id=person, limit=100)
    return [AlertOut.model_validate(a) for a in found]


@router.get("/{code}", response_model=ActionDetailOut)
def read_action(code: str, conn: Conn, caller: CurrentUser, place: Place) -> ActionDetailOut:
    """An action with its scope, budgets, indicators, effects, open alerts and analyses."""
    row = find_action(conn, place.id, code)
    return ActionDetailOut(
        **action_out(row).model_dump(),
        scope=[ScopeOut.model_validate(s) for s in store_policy.action_scopes(conn, row["id"])],
        budgets=[
            BudgetLineOut.model_validate(b) for b in store_policy.action_budgets(conn, row["id"])
        ],
        indicators=[
            indicator_out(conn, i)
            for i in store_data.indicators(conn, place.id, action=code, limit=MAX_PAGE)
        ],
        effects=[
            EffectOut.model_validate(e) for e in store_data.effects(conn, place.id, action=code)
        ],
        open_alerts=visible_open_alerts(conn, place.id, caller, code),
        analyses=[
            analysis_out(a)
            for a in store_policy.analyses(conn, place.id, action=code, limit=MAX_PAGE)
        ],
    )


@router.patch("/{code}", response_model=ActionOut)
def change_action(
    code: str, change: ActionPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> ActionOut:
    """Set an action's status and milestones (its pilot or an admin)."""
    row = find_action(conn, place.id, code)
    allow_action_write(caller, row["pilot_id"], code)
    fields = {
        k: row[k] for k in ("status", "planned_start", "planned_end", "actual_start", "actual_end")
    }
    fields.update(change.model_dump(exclude_unset=True))
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields[start] and fields[end] and fields[end] < fields[start]:
            raise InvalidInput(
                f"{end} is before {start}", [Problem(f"body.{end}", f"before {start}")]
            )
    if fields["status"] is None:
        raise InvalidInput("status may not be null", [Problem("body.status", "may not be null")])
    store_policy.update_action(conn, row["id"], fields)
    return action_out(find_action(conn, place.id, code))


@router.put("/{code}/budgets/{year}", response_model=BudgetLineOut)
def set_budget(
    code: str,
    year: Annotated[int, Path(ge=2000, le=2100)],
    budget: BudgetIn,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> BudgetLineOut:
    """Set what is committed and spent on an action in a year (its pilot or an admin)."""
    row = find_action(conn, place.id, code)
    allow_action_write(caller, row["pilot_id"], code)
    mission_id = store_policy.mission_id(conn, place.id, row["mission_code"])
    assert mission_id is not None  # noqa: S101 - the action was just read with its mission
    line = store_policy.upsert_budget(
        conn,
        mission_id=mission_id,
        action_id=row["id"],
        year=year,
        committed_eur=budget.committed_eur,
        spent_eur=budget.spent_eur,
    )
    return BudgetLineOut.model_validate(line)


@router.post("/{code}/scope", response_model=ScopeOut, status_code=201)
def add_scope(code: str, scope: ScopeIn, conn: Conn, caller: CurrentUser, place: Place) -> ScopeOut:
    """Add a district, cabinet, light point or building to an action's scope or control group."""
    row = find_action(conn, place.id, code)
    allow_action_write(caller, row["pilot_id"], code)
    scope_id = store_policy.insert_scope(conn, row["id"], scope.role, scope.kind, scope.code)
    if scope_id is None:
        raise InvalidInput(
            f"no {scope.kind} {scope.code}, or it is already in the scope",
            [Problem("body.code", f"unknown {scope.kind}, or already in the {scope.role} scope")],
        )
    return ScopeOut(id=scope_id, role=scope.role, kind=scope.kind, code=scope.code)


@router.delete("/{code}/scope/{scope_id}", status_code=204, response_class=Response)
def remove_scope(
    code: str,
    scope_id: Annotated[int, Path(ge=1, lt=2**31)],
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> Response:
    """Remove one row of an action's scope."""
    row = find_action(conn, place.id, code)
    allow_action_write(caller, row["pilot_id"], code)
    if not store_policy.delete_scope(conn, row["id"], scope_id):
        raise NotFound(f"action {code} has no scope row {scope_id}")
    return Response(status_code=204)
