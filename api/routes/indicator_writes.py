"""Indicators and their targets (admin); ``/v1/computations``, what an indicator may compute."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from api.deps import Conn, CurrentUser, Place, allow, get_caller
from api.problems import RESPONSES
from api.routes.indicators import find_indicator
from api.schemas_data import IndicatorOut
from api.schemas_policy import ComputationOut, IndicatorIn, IndicatorPatchIn, TargetIn, TargetKeyOut
from api.tokens import Caller, Role
from api.views import indicator_out
from api.writing import author, body_fields, validated
from core.database import Connection
from core.errors import Conflict, NotFound
from core.policy.computations import COMPUTATIONS
from core.policy.reads import record
from core.policy.records import IndicatorRecord
from core.policy.writes import delete_target, put_indicator, put_target

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["indicators"], responses=RESPONSES
)


def _admin(conn: Connection, caller: Caller, to: str) -> None:
    allow(caller, Role.ADMIN, to=to)
    author(conn, caller)


def _stored_indicator(conn: Connection, place_id: int, code: str) -> dict[str, Any]:
    found = record(conn, "indicator", territory_id=place_id, code=code)
    if found is None:
        raise NotFound(f"no indicator {code}")
    return found


@router.get("/computations", response_model=list[ComputationOut])
def list_computations() -> list[ComputationOut]:
    """The named computations an indicator may use, with the JSON schema of their parameters."""
    return [
        ComputationOut(
            name=c.name,
            gives=c.gives,
            parameters=c.parameters.model_json_schema()["properties"]
            if c.parameters.model_fields
            else {},
        )
        for c in sorted(COMPUTATIONS.values(), key=lambda c: c.name)
    ]


@router.post("/indicators", response_model=IndicatorOut, status_code=201)
def create_indicator(
    indicator: IndicatorIn, conn: Conn, caller: CurrentUser, place: Place
) -> IndicatorOut:
    """Create an indicator of the policy, a mission or an action (admin)."""
    _admin(conn, caller, "create indicators")
    if record(conn, "indicator", territory_id=place.id, code=indicator.code) is not None:
        raise Conflict(f"indicator {indicator.code} exists; change it with PATCH")
    with body_fields(conn):
        put_indicator(conn, place.id, indicator)
    return indicator_out(find_indicator(conn, place.id, indicator.code))


@router.patch("/indicators/{code}", response_model=IndicatorOut)
def change_indicator(
    code: str, change: IndicatorPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> IndicatorOut:
    """Change an indicator (admin); what it is attached to stays.

    Title, kind, unit, direction, computation and parameters, baseline. A new computation starts
    from no parameter unless the change gives them.
    """
    _admin(conn, caller, "change indicators")
    current = _stored_indicator(conn, place.id, code)
    fields = change.model_dump(exclude_unset=True)
    if "computation" in fields and fields["computation"] != current["computation"]:
        fields.setdefault("parameters", {})
    if fields.get("parameters", {}) is None:
        fields["parameters"] = {}
    merged = {k: current[k] for k in IndicatorRecord.model_fields} | fields
    updated = validated(IndicatorRecord, merged)
    with body_fields(conn):
        put_indicator(conn, place.id, updated)
    return indicator_out(find_indicator(conn, place.id, code))


@router.post("/targets", response_model=TargetKeyOut)
def set_target(target: TargetIn, conn: Conn, caller: CurrentUser, place: Place) -> TargetKeyOut:
    """Set the value an indicator should reach by a date, replacing that date's target (admin)."""
    _admin(conn, caller, "set targets")
    with body_fields(conn):
        put_target(conn, place.id, target)
    return TargetKeyOut.model_validate(target.model_dump())


@router.delete("/targets/{indicator}/{target_on}", status_code=204, response_class=Response)
def remove_target(
    indicator: str,
    target_on: Annotated[date, Path(ge=date(1900, 1, 1), le=date(2200, 12, 31))],
    conn: Conn,
    caller: CurrentUser,
    place: Place,
) -> Response:
    """Remove an indicator's target for a date (admin)."""
    _admin(conn, caller, "remove targets")
    stored = _stored_indicator(conn, place.id, indicator)
    if not delete_target(conn, stored["id"], target_on):
        raise NotFound(f"indicator {indicator} has no target on {target_on}")
    return Response(status_code=204)
