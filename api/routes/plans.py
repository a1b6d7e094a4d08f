"""``/v1/plans/sodium``: the sodium transition plan, its export, and a package made an action."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from api.deps import Conn, CurrentUser, Place, SettingsDep, allow, get_caller
from api.plan_actions import make_action
from api.plans import PACKAGE_COLUMNS, Plan, build_plan, knobs_of, package_rows
from api.problems import RESPONSES
from api.routes.actions import find_action
from api.schemas import ActionOut
from api.schemas_plans import PlanActionIn, PlanOut
from api.store_plans import latest_stock, sodium_points
from api.tokens import Role
from api.views import action_out
from api.writing import author, body_fields
from core.database import Connection
from core.settings import Settings

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/plans", tags=["plans"], responses=RESPONSES
)
Capacity = Annotated[
    int | None, Query(ge=1, le=1_000_000, description="Points a month (default: the setting).")
]
Stock = Annotated[
    int | None,
    Query(ge=0, le=10_000_000, description="Spare sodium lamps in stock (default: recorded)."),
]
CSV_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV (header row) or JSON (an array of objects), a package a row.",
        "content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {}},
    }
}


def current_plan(
    conn: Connection, settings: Settings, place: str, knobs: tuple[int | None, int | None]
) -> Plan:
    """The plan of territory ``place`` as of now, with a (capacity, stock) asked or stored."""
    capacity, stock = knobs
    now = datetime.now(UTC)
    points = sodium_points(conn, place, now)
    if stock is None:
        stock = latest_stock(conn, place, now)
    return build_plan(place, points, knobs_of(settings, capacity, stock), now.date())


@router.get("/sodium", response_model=PlanOut)
def sodium_plan(
    conn: Conn, settings: SettingsDep, place: Place, capacity: Capacity = None, stock: Stock = None
) -> PlanOut:
    """The sodium transition plan: ranked packages, their options, schedule and spare lamps.

    Every sodium point is in one work package, with two priced options each; the schedule runs
    against 24 February 2027 and the spares keep the rest lit until then.
    """
    return PlanOut.model_validate(current_plan(conn, settings, place.code, (capacity, stock)))


@router.get("/sodium/export", response_class=Response, responses=CSV_CONTENT)
def export_sodium_plan(
    conn: Conn,
    settings: SettingsDep,
    place: Place,
    fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv",
    capacity: Capacity = None,
    stock: Stock = None,
) -> Response:
    """The plan's packages, one row each in rank order, as CSV or JSON."""
    rows = package_rows(current_plan(conn, settings, place.code, (capacity, stock)))
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PACKAGE_COLUMNS)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in PACKAGE_COLUMNS])
    headers = {"Content-Disposition": 'attachment; filename="sodium-plan.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/sodium/actions", response_model=ActionOut, status_code=201)
def sodium_action(
    wanted: PlanActionIn,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
    settings: SettingsDep,
    capacity: Capacity = None,
) -> ActionOut:
    """Make a package of the plan (or the whole plan) an action whose scope is its points.

    Admin only; the action's effect is then measured like any renovation's.
    """
    allow(caller, Role.ADMIN, to="create actions")
    plan = current_plan(conn, settings, place.code, (capacity, None))
    author(conn, caller)
    with body_fields(conn):
        make_action(conn, place.id, plan, wanted)
    return action_out(find_action(conn, place.id, wanted.code))
