"""``/v1/actions``: list and read actions (their writes are in ``action_writes`` and ``scopes``)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query

from api import store_data, store_policy
from api.deps import CurrentUser, Place, Territory, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, next_cursor, text_key
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas import ActionOut, BudgetLineOut, ScopeOut
from api.schemas_data import (
    ActionAlertsOut,
    ActionDetailOut,
    AlertOut,
    EffectOut,
    LiveStateCountsOut,
    Page,
    SeverityCountsOut,
)
from api.store import Row
from api.tokens import Caller, Role
from api.views import action_out, analysis_out, indicator_out
from core.database import Connection
from core.errors import NotFound
from core.policy.reads import records

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/actions", tags=["actions"], responses=RESPONSES
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
NEWEST_ALERTS = 5  # live alerts an action's detail shows in full
Status = Literal["planned", "in_progress", "done", "suspended", "cancelled"]


def find_action(conn: Connection, place_id: int, code: str) -> Row:
    """The action with this code, or 404."""
    found = store_policy.actions(conn, place_id, code=code)
    if not found:
        raise NotFound(f"no action {code}")
    return found[0]


@router.get("", response_model=Page[ActionOut])
def list_actions(
    conn: ReadConn,
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


def visible_live_alerts(
    conn: Connection, place: Territory, caller: Caller, action: Row
) -> ActionAlertsOut | None:
    """The live alerts of an action the caller may see: counts and the newest; None for a viewer.

    The list of them all is ``GET /v1/alerts?action=&live=true&territory=``, paged, seen the
    same way.
    """
    if caller.role is Role.VIEWER:
        return None
    person = None if caller.sees_all_alerts() else caller.person_id or -1
    counts = store_data.action_alert_counts(conn, place.id, action["id"], person)
    by_severity = dict.fromkeys(SeverityCountsOut.model_fields, 0)
    by_state = dict.fromkeys(LiveStateCountsOut.model_fields, 0)
    for row in counts:
        by_severity[row["severity"]] += row["alerts"]
        by_state[row["state"]] += row["alerts"]
    newest = store_data.alerts(
        conn, place.id, action=action["code"], live=True, person_id=person, limit=NEWEST_ALERTS
    )
    return ActionAlertsOut(
        total=sum(by_state.values()),
        by_severity=SeverityCountsOut(**by_severity),
        by_state=LiveStateCountsOut(**by_state),
        newest=[AlertOut.model_validate(a) for a in newest],
        list_url="/v1/alerts?"
        + urlencode({"action": action["code"], "live": "true", "territory": place.code}),
    )


@router.get("/{code}", response_model=ActionDetailOut)
def read_action(code: str, conn: ReadConn, caller: CurrentUser, place: Place) -> ActionDetailOut:
    """An action with its scope, budgets, indicators, effects, live alerts and analyses.

    Of its live alerts, the counts and the newest few: ``open_alerts.list_url`` lists them all.
    """
    row = find_action(conn, place.id, code)
    return ActionDetailOut(
        **action_out(row).model_dump(),
        scope=[
            ScopeOut.model_validate(s)
            for s in records(conn, "scope", territory_id=place.id, action_id=row["id"])
        ],
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
        open_alerts=visible_live_alerts(conn, place, caller, row),
        analyses=[
            analysis_out(a)
            for a in store_policy.analyses(conn, place.id, action=code, limit=MAX_PAGE)
        ],
    )
