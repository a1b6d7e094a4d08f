"""The policy's structure (admin): ``/v1/policies``, ``/v1/missions`` and missions' budgets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from api import store_policy
from api.deps import Conn, CurrentUser, Place, allow, get_caller
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas import BudgetLineOut, MissionOut
from api.schemas_policy import (
    MissionBudgetIn,
    MissionIn,
    MissionPatchIn,
    PolicyIn,
    PolicyPatchIn,
    PolicySummaryOut,
)
from api.tokens import Caller, Role
from api.views import mission_out
from api.writing import author, body_fields, validated
from core.database import Connection
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.policy.reads import record, records
from core.policy.records import BudgetRecord, MissionRecord, PolicyRecord
from core.policy.writes import put_budget, put_mission, put_policy

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["policy"], responses=RESPONSES
)


def _admin(conn: Connection, caller: Caller, to: str) -> None:
    allow(caller, Role.ADMIN, to=to)
    author(conn, caller)


def _policy_out(conn: Connection, place_id: int, code: str) -> PolicySummaryOut:
    found = record(conn, "policy", territory_id=place_id, code=code)
    if found is None:
        raise NotFound(f"no policy {code}")
    return PolicySummaryOut.model_validate(found)


def _stored_mission(conn: Connection, place_id: int, code: str) -> dict[str, Any]:
    found = records(conn, "mission", territory_id=place_id, code=code)
    if not found:
        raise NotFound(f"no mission {code}")
    return found[0]


def _mission(conn: Connection, place_id: int, code: str) -> MissionOut:
    return mission_out(store_policy.missions(conn, place_id, code)[0])


@router.get("/policies", response_model=list[PolicySummaryOut])
def list_policies(conn: ReadConn, place: Place) -> list[PolicySummaryOut]:
    """The territory's policies."""
    found = records(conn, "policy", territory_id=place.id)
    return [PolicySummaryOut.model_validate(p) for p in found]


@router.post("/policies", response_model=PolicySummaryOut, status_code=201)
def create_policy(
    policy: PolicyIn, conn: Conn, caller: CurrentUser, place: Place
) -> PolicySummaryOut:
    """Create a policy of the territory (admin)."""
    _admin(conn, caller, "create policies")
    if policy.territory not in {None, place.code}:
        raise InvalidInput(
            f"the request is about territory {place.code}; name {policy.territory} with"
            f" ?territory={policy.territory}",
            [Problem("body.territory", f"the request's territory is {place.code}")],
        )
    if record(conn, "policy", territory_id=place.id, code=policy.code) is not None:
        raise Conflict(f"policy {policy.code} exists; change it with PATCH")
    with body_fields(conn):
        put_policy(conn, place.id, policy)
    return _policy_out(conn, place.id, policy.code)


@router.patch("/policies/{code}", response_model=PolicySummaryOut)
def change_policy(
    code: str, change: PolicyPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> PolicySummaryOut:
    """Change a policy's title or ambition (admin)."""
    _admin(conn, caller, "change policies")
    current = _policy_out(conn, place.id, code).model_dump()
    updated = validated(PolicyRecord, current | change.model_dump(exclude_unset=True))
    with body_fields(conn):
        put_policy(conn, place.id, updated)
    return _policy_out(conn, place.id, code)


@router.post("/missions", response_model=MissionOut, status_code=201)
def create_mission(mission: MissionIn, conn: Conn, caller: CurrentUser, place: Place) -> MissionOut:
    """Create a mission of one of the territory's policies (admin)."""
    _admin(conn, caller, "create missions")
    if records(conn, "mission", territory_id=place.id, code=mission.code):
        raise Conflict(f"mission {mission.code} exists; change it with PATCH")
    with body_fields(conn):
        put_mission(conn, place.id, mission)
    return _mission(conn, place.id, mission.code)


@router.patch("/missions/{code}", response_model=MissionOut)
def change_mission(
    code: str, change: MissionPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> MissionOut:
    """Change a mission's title, domain or lead (admin)."""
    _admin(conn, caller, "change missions")
    current = _stored_mission(conn, place.id, code)
    merged = {k: current[k] for k in MissionRecord.model_fields}
    updated = validated(MissionRecord, merged | change.model_dump(exclude_unset=True))
    with body_fields(conn):
        put_mission(conn, place.id, updated)
    return _mission(conn, place.id, code)


@router.put("/missions/{code}/budgets/{year}", response_model=BudgetLineOut)
def set_mission_budget(
    code: str,
    year: Annotated[int, Path(ge=2000, le=2100)],
    budget: MissionBudgetIn,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> BudgetLineOut:
    """Set the euros of a mission's own line in a year, not allocated to an action (admin)."""
    _admin(conn, caller, "set mission budgets")
    _stored_mission(conn, place.id, code)
    line = BudgetRecord(mission=code, year=year, **budget.model_dump())
    with body_fields(conn):
        put_budget(conn, place.id, line)
    return BudgetLineOut(
        year=year,
        planned_eur=float(line.planned_eur),
        committed_eur=float(line.committed_eur),
        spent_eur=float(line.spent_eur),
    )
