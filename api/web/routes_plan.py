"""The action plan (*Consulter*): the policy and its missions, a mission, an action.

Each page reads what the JSON API reads for the same thing (the policy tree, a mission, an action
with its scope, budgets, indicators, effects, open alerts and analyses) with the person as caller,
plus the météo's history, every figure of the effects and the attached files.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from api import store_data, store_policy
from api.deps import Conn, Territory
from api.pages import MAX_PAGE
from api.routes import actions as action_routes
from api.routes import policy as policy_routes
from api.tokens import Role
from api.views import analysis_out
from api.web import store_files, store_pages
from api.web.deps import Here
from api.web.render import page
from api.web.series import series_of
from api.web.sessions import SignedIn, User, current_user
from core.database import Connection
from core.errors import NotFound

router = APIRouter(prefix="/web", include_in_schema=False)
STATUSES = ("planned", "in_progress", "done", "suspended", "cancelled")


def today() -> date:
    """The current date (UTC; a page's day is close enough for its charts' windows)."""
    return date.today()  # noqa: DTZ011 - a window of charts, not a figure


@router.get("/plan", dependencies=[Depends(current_user)])
def plan(request: Request, conn: Conn, place: Here) -> Response:
    """The policy: ambition, budgets and météo, each mission with its actions."""
    policy = policy_routes.read_policy(conn, place)
    context = {"section": "plan", "policy": policy}
    return page(request, "plan.html", context)


@router.get("/missions/{code}")
def mission(code: str, request: Request, conn: Conn, user: User, place: Here) -> Response:
    """A mission: its actions, budget by year, météo and its history, indicators, analyses."""
    found = policy_routes.read_mission(code, conn, place)
    mission_id = store_policy.mission_id(conn, place.id, code)
    if mission_id is None:
        raise NotFound(f"no mission {code}")
    indicators = [
        row
        for row in store_data.indicators(conn, place.id, mission=code, limit=MAX_PAGE)
        if row["level"] == "mission"
    ]
    context = {
        "section": "plan",
        "mission": found,
        "actions": store_policy.actions(conn, place.id, mission=code, limit=MAX_PAGE),
        "budgets": store_pages.mission_budgets(conn, mission_id),
        "meteo_history": store_pages.meteo_history(conn, "mission", mission_id),
        "indicators": [_indicator(conn, row) for row in indicators],
        "effects": store_pages.effects(conn, place.id, mission=code),
        "analyses": [
            analysis_out(a)
            for a in store_policy.analyses(conn, place.id, mission=code, limit=MAX_PAGE)
        ],
        "files": store_files.listed(conn, mission_id=mission_id),
        "may_attach": user.role is Role.ADMIN
        or (user.role is Role.PILOT and found.lead is not None and found.lead.id == user.person_id),
        "may_write_analysis": user.role in {Role.ADMIN, Role.EVALUATOR},
        "may_see_files": user.role is not Role.VIEWER,
        "subject": {"kind": "mission", "code": code},
    }
    return page(request, "mission.html", context)


def _indicator(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    series = series_of(conn, row["id"], today() + timedelta(days=1))
    return {**row, "series": series}


def may_edit(user: SignedIn, pilot_id: int | None) -> bool:
    """Whether the person edits this action (the JSON API's rule: an admin, or its pilot)."""
    return user.role is Role.ADMIN or (user.role is Role.PILOT and user.person_id == pilot_id)


def action_context(conn: Connection, place: Territory, user: SignedIn, code: str) -> dict[str, Any]:
    """Everything the action's page shows."""
    detail = action_routes.read_action(code, conn, user.caller, place)
    row = action_routes.find_action(conn, place.id, code)
    indicators = store_data.indicators(conn, place.id, action=code, limit=MAX_PAGE)
    return {
        "section": "plan",
        "action": detail,
        "meteo_history": store_pages.meteo_history(conn, "action", row["id"]),
        "indicators": [_indicator(conn, i) for i in indicators],
        "effects": store_pages.effects(conn, place.id, action=code),
        "files": store_files.listed(conn, action_id=row["id"]),
        "may_edit": may_edit(user, row["pilot_id"]),
        "may_attach": may_edit(user, row["pilot_id"]),
        "may_see_files": user.role is not Role.VIEWER,
        "may_write_analysis": may_edit(user, row["pilot_id"]) or user.role is Role.EVALUATOR,
        "statuses": STATUSES,
        "errors": {},
        "values": {},
        "subject": {"kind": "action", "code": code},
        "this_year": today().year,
    }


@router.get("/actions/{code}")
def action(code: str, request: Request, conn: Conn, user: User, place: Here) -> Response:
    """An action with the forms its pilot (or an admin) edits it with.

    Status and dates, budgets, météo, indicators with charts, effects, scope map, analyses, files.
    """
    return page(request, "action.html", action_context(conn, place, user, code))
