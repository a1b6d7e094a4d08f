"""``/v1/actions`` writes: create (admin), edit and budget (its pilot or an admin), history."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api import store_policy
from api.deps import Conn, CurrentUser, Place, allow, allow_action_write, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, int_key, next_cursor
from api.problems import RESPONSES
from api.reads import ReadConn
from api.routes.actions import find_action
from api.schemas import ActionOut, BudgetLineOut, PersonOut
from api.schemas_data import Page
from api.schemas_policy import ActionIn, ActionPatchIn, BudgetIn, ChangeOut
from api.tokens import Role
from api.views import action_out
from api.writing import author, body_fields, validated
from core.database import Connection
from core.errors import Conflict, NotFound, PermissionDenied
from core.policy.reads import record, records
from core.policy.records import ActionRecord, BudgetRecord
from core.policy.writes import put_action, put_budget

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/actions", tags=["actions"], responses=RESPONSES
)


def stored_action(conn: Connection, place_id: int, code: str) -> dict[str, Any]:
    """The action with this code as a record (with its id and pilot's id), or 404."""
    found = record(conn, "action", territory_id=place_id, code=code)
    if found is None:
        raise NotFound(f"no action {code}")
    return found


@router.post("", response_model=ActionOut, status_code=201)
def create_action(action: ActionIn, conn: Conn, caller: CurrentUser, place: Place) -> ActionOut:
    """Create an action of a mission (admin)."""
    allow(caller, Role.ADMIN, to="create actions")
    if record(conn, "action", territory_id=place.id, code=action.code) is not None:
        raise Conflict(f"action {action.code} exists; change it with PATCH")
    author(conn, caller)
    with body_fields(conn):
        put_action(conn, place.id, action)
    return action_out(find_action(conn, place.id, action.code))


@router.patch("/{code}", response_model=ActionOut)
def change_action(
    code: str, change: ActionPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> ActionOut:
    """Change an action: pilot, status, dates, title, description, term, expected saving.

    Its pilot or an admin; only an admin moves it to another mission. Fields left out stay as
    they are; ``null`` clears an optional one.
    """
    current = stored_action(conn, place.id, code)
    allow_action_write(caller, current["pilot_id"], code)
    fields = change.model_dump(exclude_unset=True)
    if fields.get("mission", current["mission"]) != current["mission"]:
        allow(caller, Role.ADMIN, to=f"move action {code} to another mission")
    merged = {name: current[name] for name in ActionRecord.model_fields} | fields
    updated = validated(ActionRecord, merged)
    author(conn, caller)
    with body_fields(conn):
        put_action(conn, place.id, updated)
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
    """Set the euros of an action in a year.

    Committed and spent: its pilot or an admin; planned: an admin (left out, it stays as it was).
    """
    current = stored_action(conn, place.id, code)
    allow_action_write(caller, current["pilot_id"], code)
    if budget.planned_eur is not None and caller.role is not Role.ADMIN:
        raise PermissionDenied(
            f"role {caller.role.value} may not set planned euros; it needs admin"
        )
    lines = records(conn, "budget", territory_id=place.id, action_id=current["id"])
    before = next((line for line in lines if line["year"] == year), None)
    planned = budget.planned_eur
    if planned is None:
        planned = Decimal(0) if before is None else before["planned_eur"]
    line = BudgetRecord(
        mission=current["mission"],
        action=code,
        year=year,
        planned_eur=planned,
        committed_eur=budget.committed_eur,
        spent_eur=budget.spent_eur,
    )
    author(conn, caller)
    with body_fields(conn):
        put_budget(conn, place.id, line)
    return BudgetLineOut(
        year=year,
        planned_eur=float(line.planned_eur),
        committed_eur=float(line.committed_eur),
        spent_eur=float(line.spent_eur),
    )


@router.get("/{code}/history", response_model=Page[ChangeOut])
def action_history(
    code: str,
    conn: ReadConn,
    place: Place,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Page[ChangeOut]:
    """Every change to an action, its budgets, scope and indicators, oldest first.

    Each says when, who (person and token), and the values before and after (for an update, only
    the columns that changed).
    """
    current = stored_action(conn, place.id, code)
    found = store_policy.action_changes(conn, current["id"], int_key(cursor), limit)
    items = [
        ChangeOut(
            **{k: row[k] for k in ChangeOut.model_fields if k != "person"},
            person=None
            if row["person_id"] is None
            else PersonOut(id=row["person_id"], name=row["person_name"]),
        )
        for row in found
    ]
    return Page(items=items, next_cursor=next_cursor([c.id for c in items], limit))
