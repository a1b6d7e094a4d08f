"""Every table the pages show, as CSV or XLSX (*Télécharger*).

What the person sees, with the exports' columns where the table is one of the exports (effects,
indicator values).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api import store_data, store_policy
from api.deps import Conn, allow
from api.routes import actions as action_routes
from api.routes import policy as policy_routes
from api.routes.exports import EFFECT_COLUMNS, INDICATOR_VALUE_COLUMNS
from api.schemas_data import AlertOut
from api.tokens import Role
from api.web import reports, sessions, store_pages
from api.web.deps import Here
from api.web.routes_alerts import SEVERITIES, STATES, listed, of_age
from api.web.sessions import User, current_user
from api.web.tables import Format, table_file
from core.errors import NotFound

router = APIRouter(
    prefix="/web/downloads", include_in_schema=False, dependencies=[Depends(current_user)]
)
ALERT_COLUMNS = tuple(c for c in AlertOut.model_fields if c != "details")
ACTION_COLUMNS = (
    "mission_code", "code", "title", "status", "pilot_name", "meteo", "meteo_explanation",
    "planned_start", "planned_end", "actual_start", "actual_end", "planned_eur",
    "committed_eur", "spent_eur",
)  # fmt: skip
BUDGET_COLUMNS = ("year", "planned_eur", "committed_eur", "spent_eur")
REPORT_COLUMNS = (
    "number", "subject_kind", "subject_code", "title", "period_start", "period_end",
    "created_at", "created_by_name", "pdf_sha256", "data_version",
)  # fmt: skip


@router.get("/alerts.{fmt}")
def alerts(
    fmt: Format,
    conn: Conn,
    user: User,
    place: Here,
    severity: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    age: Annotated[str | None, Query()] = None,
) -> Response:
    """The inbox's alerts, with its filters."""
    allow(user.caller, Role.ADMIN, Role.EVALUATOR, Role.PILOT, to="read alerts")
    items, _ = listed(
        conn, place, user.caller, state if state in STATES else None,
        severity if severity in SEVERITIES else None,
    )  # fmt: skip
    found = [a.model_dump() for a in of_age(items, age, sessions.now())]
    return table_file(found, ALERT_COLUMNS, fmt, "alerts", place.timezone)


@router.get("/plan.{fmt}")
def plan(fmt: Format, conn: Conn, place: Here) -> Response:
    """Every action of the policy with its mission, status, pilot, météo and budgets."""
    policy_routes.read_policy(conn, place)
    found = store_policy.actions(conn, place.id, limit=10_000)
    return table_file(found, ACTION_COLUMNS, fmt, "plan", place.timezone)


@router.get("/actions/{code}/budgets.{fmt}")
def action_budgets(code: str, fmt: Format, conn: Conn, place: Here) -> Response:
    """An action's budget by year."""
    row = action_routes.find_action(conn, place.id, code)
    found = store_policy.action_budgets(conn, row["code"])
    return table_file(found, BUDGET_COLUMNS, fmt, f"budgets-{code}", place.timezone)


@router.get("/missions/{code}/budgets.{fmt}")
def mission_budgets(code: str, fmt: Format, conn: Conn, place: Here) -> Response:
    """A mission's budget by year."""
    mission_id = store_policy.mission_id(conn, place.id, code)
    if mission_id is None:
        raise NotFound(f"no mission {code}")
    found = store_pages.mission_budgets(conn, mission_id)
    return table_file(found, BUDGET_COLUMNS, fmt, f"budgets-{code}", place.timezone)


@router.get("/actions/{code}/effects.{fmt}")
def action_effects(code: str, fmt: Format, conn: Conn, place: Here) -> Response:
    """An action's effects, with the columns of ``/v1/exports/effects``."""
    action_routes.find_action(conn, place.id, code)
    found = store_data.effects(conn, place.id, action=code)
    return table_file(found, EFFECT_COLUMNS, fmt, f"effects-{code}", place.timezone)


@router.get("/missions/{code}/effects.{fmt}")
def mission_effects(code: str, fmt: Format, conn: Conn, place: Here) -> Response:
    """A mission's effects, with the columns of ``/v1/exports/effects``."""
    policy_routes.read_mission(code, conn, place)
    found = store_data.effects(conn, place.id, mission=code)
    return table_file(found, EFFECT_COLUMNS, fmt, f"effects-{code}", place.timezone)


@router.get("/indicators/{code}.{fmt}")
def indicator_values(code: str, fmt: Format, conn: Conn, place: Here) -> Response:
    """An indicator's values, with the columns of ``/v1/exports/indicator-values``."""
    if not store_data.indicators(conn, place.id, code=code):
        raise NotFound(f"no indicator {code}")
    params = {
        "territory_id": place.id,
        "from": date(1900, 1, 1),
        "to": date(2200, 1, 1),
        "period": None,
        "indicator": code,
    }
    found = store_data.export_indicator_values(conn, params)
    return table_file(found, INDICATOR_VALUE_COLUMNS, fmt, f"values-{code}", place.timezone)


@router.get("/reports.{fmt}")
def report_list(fmt: Format, conn: Conn, user: User, place: Here) -> Response:
    """The reports made so far."""
    allow(user.caller, Role.ADMIN, Role.EVALUATOR, Role.PILOT, to="read activity reports")
    found = reports.listed(conn, place)
    return table_file(found, REPORT_COLUMNS, fmt, "reports", place.timezone)
