"""What a pilot edits on an action's page (*Editer*).

Status and dates, a year's budget, a manual indicator value, an analysis. Each form calls the JSON
API's operation (``api.web.operations``); a refused value comes back beside its field, the other
values as they were typed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response

from api.deps import Conn, Territory
from api.schemas import AnalysisIn
from api.schemas_data import ManualValueIn, Period
from api.schemas_policy import ActionPatchIn, BudgetIn
from api.web import operations, sessions
from api.web.deps import Here, safe_next, see_other
from api.web.forms import FieldsRefused, read
from api.web.render import page
from api.web.routes_plan import action_context
from api.web.sessions import SignedIn, User
from core.database import Connection

router = APIRouter(prefix="/web", include_in_schema=False)
SCHEDULE = ("status", "planned_start", "planned_end", "actual_start", "actual_end")


Field = Annotated[str, Form()]


def _typed(request: Request, csrf: str, **fields: str) -> dict[str, str]:
    sessions.check_form(request, csrf)
    return fields


def _refused(
    request: Request,
    conn: Connection,
    place: Territory,
    user: SignedIn,
    code: str,
    refusal: FieldsRefused,
    typed: dict[str, str],
) -> Response:
    context: dict[str, Any] = action_context(conn, place, user, code)
    context.update(errors=refusal.fields, values=typed)
    return page(request, "action.html", context, status=422)


def _back(code: str, anchor: str) -> Response:
    return see_other(f"/web/actions/{quote(code)}#{anchor}")


@router.post("/actions/{code}/schedule")
def edit_schedule(
    code: str,
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    status: Field = "",
    planned_start: Field = "",
    planned_end: Field = "",
    actual_start: Field = "",
    actual_end: Field = "",
    csrf: Field = "",
) -> Response:
    """Status and planned and actual dates."""
    typed = _typed(
        request, csrf, status=status, planned_start=planned_start, planned_end=planned_end,
        actual_start=actual_start, actual_end=actual_end,
    )  # fmt: skip
    try:
        change = read(ActionPatchIn, typed, SCHEDULE, blank_is_null=True)
        operations.edit_action(conn, place, user.caller, code, change)
    except FieldsRefused as refusal:
        return _refused(request, conn, place, user, code, refusal, typed)
    sessions.flash(conn, user, "action.saved_schedule")
    return _back(code, "schedule")


@router.post("/actions/{code}/budget")
def edit_budget(
    code: str,
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    year: Field = "",
    committed_eur: Field = "",
    spent_eur: Field = "",
    csrf: Field = "",
) -> Response:
    """What is committed and spent in a year."""
    typed = _typed(request, csrf, year=year, committed_eur=committed_eur, spent_eur=spent_eur)
    try:
        which = _year(year)
        budget = read(BudgetIn, typed, ("committed_eur", "spent_eur"))
        operations.set_budget(conn, place, user.caller, code, year=which, budget=budget)
    except FieldsRefused as refusal:
        return _refused(request, conn, place, user, code, refusal, typed)
    sessions.flash(conn, user, "action.saved_budget", year=int(year))
    return _back(code, "budgets")


def _year(text: str) -> int:
    if not text.strip().isdigit() or not 2000 <= int(text) <= 2100:  # noqa: PLR2004 - the API's bounds
        raise FieldsRefused({"year": "form.bad_year"})
    return int(text)


@router.post("/actions/{code}/values")
def enter_value(
    code: str,
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    indicator: Field = "",
    period: Field = "",
    period_start: Field = "",
    value: Field = "",
    csrf: Field = "",
) -> Response:
    """A manual value of one of the action's indicators."""
    typed = _typed(
        request, csrf, indicator=indicator, period=period, period_start=period_start, value=value
    )
    try:
        start = _day(period_start, "period_start")
        entered = read(ManualValueIn, typed, ("value",))
        operations.enter_value(
            conn, place, user.caller, indicator, period=_period(period), start=start, value=entered
        )
    except FieldsRefused as refusal:
        return _refused(request, conn, place, user, code, refusal, typed)
    sessions.flash(conn, user, "action.saved_value", indicator=indicator)
    return _back(code, "indicators")


def _period(text: str) -> Period:
    if text == "day":
        return "day"
    if text == "month":
        return "month"
    if text == "year":
        return "year"
    raise FieldsRefused({"period": "form.bad_choice"})


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FieldsRefused({field: "form.bad_date"}) from None


@router.post("/analyses")
def write_analysis(
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    kind: Field = "",
    written_on: Field = "",
    body: Field = "",
    window_start: Field = "",
    window_end: Field = "",
    action_code: Field = "",
    mission_code: Field = "",
    back: Field = "",
    csrf: Field = "",
) -> Response:
    """An analysis or a recommendation on an action or a mission."""
    typed = _typed(
        request, csrf, kind=kind, body=body, window_start=window_start, window_end=window_end,
        written_on=written_on or date.today().isoformat(),  # noqa: DTZ011 - the person's day
        action_code=action_code, mission_code=mission_code,
    )  # fmt: skip
    fields = ("kind", "written_on", "body", "window_start", "window_end")
    action, mission = action_code, mission_code
    try:
        analysis = read(AnalysisIn, typed, (*fields, "action_code", "mission_code"))
        operations.write_analysis(conn, place, user.caller, analysis)
    except FieldsRefused as refusal:
        if action:
            return _refused(request, conn, place, user, action, refusal, typed)
        sessions.flash(conn, user, "analyses.refused", error=True,
                       fields=", ".join(refusal.fields))  # fmt: skip
        return see_other(safe_next(back))
    sessions.flash(conn, user, "analyses.saved")
    target = f"/web/actions/{quote(action)}" if action else f"/web/missions/{quote(mission or '')}"
    return see_other(f"{target}#analyses")
