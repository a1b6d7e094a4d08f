"""What actions treat and leave alone: ``/v1/actions/{code}/scope`` and the drawn ``/v1/areas``.

An action's pilot or an admin changes its scope (treated) and control group (control); the two
never share a light point or a building. Drawn areas belong to the territory and are named;
an admin draws them, or a scope row creates one with its ``geometry``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from api.deps import Conn, CurrentUser, Place, allow, allow_action_write, get_caller
from api.problems import RESPONSES
from api.reads import ReadConn
from api.routes.action_writes import stored_action
from api.schemas import ScopeOut
from api.schemas_policy import AreaIn, AreaOut, ScopeIn, ScopeListIn
from api.tokens import Role
from api.writing import author, body_fields
from core.database import Connection
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.policy.areas import Geometry, stored
from core.policy.reads import records
from core.policy.records import ScopeRecord
from core.policy.scopes import (
    add_scope,
    area_outline,
    delete_scope,
    overlaps,
    put_area,
    refuse_overlap,
    resolve_scope,
)
from core.policy.store import Outcome

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["actions"], responses=RESPONSES
)
AreaName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


def _scope_rows(conn: Connection, place_id: int, action_id: int, ids: list[int]) -> list[ScopeOut]:
    found = {r["id"]: r for r in records(conn, "scope", territory_id=place_id, action_id=action_id)}
    return [ScopeOut.model_validate(found[i]) for i in ids]


def _ensure_area(conn: Connection, place_id: int, name: str, shape: Geometry) -> None:
    outline = area_outline(conn, place_id, name)
    if outline is None:
        put_area(conn, place_id, name, shape)
    elif outline != stored(shape):
        raise InvalidInput(
            f"area {name} exists with another outline",
            [Problem("geometry", f"area {name} has another outline; PUT /v1/areas/{name}")],
        )


@router.post("/actions/{code}/scope", response_model=ScopeOut, status_code=201)
def add_scope_row(
    code: str, scope: ScopeIn, conn: Conn, caller: CurrentUser, place: Place
) -> ScopeOut:
    """Add a row to an action's scope (treated) or control group (control).

    A district (or only its light points that existed on a date), a street of a district, a
    cabinet, a light point, a building or a drawn area.
    """
    action = stored_action(conn, place.id, code)
    allow_action_write(caller, action["pilot_id"], code)
    author(conn, caller)
    with body_fields(conn):
        if scope.kind == "area" and scope.geometry is not None:
            _ensure_area(conn, place.id, str(scope.area), scope.geometry)
        target = resolve_scope(conn, place.id, scope)
        written = add_scope(conn, action["id"], scope.role, target)
        if written.outcome is Outcome.UNCHANGED:
            raise Conflict(f"the {scope.role} scope of {code} has this row already ({written.id})")
        refuse_overlap(conn, action["id"], written.id)
    return _scope_rows(conn, place.id, action["id"], [written.id])[0]


@router.post("/actions/{code}/scope/light-points", response_model=list[ScopeOut], status_code=201)
def add_scope_points(
    code: str, points: ScopeListIn, conn: Conn, caller: CurrentUser, place: Place
) -> list[ScopeOut]:
    """Add a list of light points to an action's scope or control group, all or none.

    One row each; points already there are listed as they are.
    """
    action = stored_action(conn, place.id, code)
    allow_action_write(caller, action["pilot_id"], code)
    author(conn, caller)
    rows: dict[int, int] = {}  # scope row id: index of its code
    problems: list[Problem] = []
    seen: set[str] = set()
    with body_fields(conn):
        for index, point in enumerate(points.codes):
            if point in seen:
                continue
            seen.add(point)
            try:
                target = resolve_scope(conn, place.id, ScopeRecord(kind="light_point", code=point))
            except InvalidInput as exc:
                problems += [Problem(f"codes.{index}", p.reason) for p in exc.problems]
                continue
            rows.setdefault(add_scope(conn, action["id"], points.role, target).id, index)
        shared = overlaps(conn, action["id"])
        problems += [
            Problem(f"codes.{i}", shared[r].reason) for r, i in rows.items() if r in shared
        ]
        problems.sort(key=lambda p: int(p.where.split(".")[1]))
        if problems:
            raise InvalidInput(f"{len(problems)} light point(s) refused; none added", problems)
    return _scope_rows(conn, place.id, action["id"], list(rows))


@router.delete("/actions/{code}/scope/{scope_id}", status_code=204, response_class=Response)
def remove_scope_row(
    code: str,
    scope_id: Annotated[int, Path(ge=1, lt=2**31)],
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> Response:
    """Remove one row of an action's scope or control group."""
    action = stored_action(conn, place.id, code)
    allow_action_write(caller, action["pilot_id"], code)
    author(conn, caller)
    if not delete_scope(conn, action["id"], scope_id):
        raise NotFound(f"action {code} has no scope row {scope_id}")
    return Response(status_code=204)


@router.get("/areas", response_model=list[AreaOut], tags=["policy"])
def list_areas(conn: ReadConn, place: Place) -> list[AreaOut]:
    """The territory's drawn areas, by name, with their outline."""
    return [AreaOut.model_validate(a) for a in records(conn, "area", territory_id=place.id)]


@router.put("/areas/{name}", response_model=AreaOut, tags=["policy"])
def put_area_outline(
    name: AreaName, area: AreaIn, conn: Conn, caller: CurrentUser, place: Place
) -> AreaOut:
    """Draw an area, or give it a new outline (admin): the scopes that name it follow."""
    allow(caller, Role.ADMIN, to="draw areas")
    author(conn, caller)
    with body_fields(conn):
        written = put_area(conn, place.id, name, area.geometry)
        users = [s for s in records(conn, "scope", territory_id=place.id) if s["area"] == name]
        for scope in users if written.outcome is Outcome.UPDATED else []:
            problem = overlaps(conn, scope["action_id"]).get(scope["id"])
            if problem is not None:
                reason = f"action {scope['action']}: {problem.reason}"
                raise InvalidInput(f"the new outline {reason}", [Problem("geometry", reason)])
    return AreaOut.model_validate(records(conn, "area", territory_id=place.id, name=name)[0])
