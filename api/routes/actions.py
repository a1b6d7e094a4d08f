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
from api.store import Row, fetch_together
from api.tokens import Role
from api.views import action_out, analysis_out, indicator_out
from core.database import Connection
from core.errors import NotFound
from core.policy.reads import records_query

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


def live_alerts_out(
    place: Territory, code: str, counts: list[Row], newest: list[Row]
) -> ActionAlertsOut:
    """An action's live alerts: counts by severity and state, the newest, where to list them."""
    by_severity = dict.fromkeys(SeverityCountsOut.model_fields, 0)
    by_state = dict.fromkeys(LiveStateCountsOut.model_fields, 0)
    for row in counts:
        by_severity[row["severity"]] += row["alerts"]
        by_state[row["state"]] += row["alerts"]
    return ActionAlertsOut(
        total=sum(by_state.values()),
        by_severity=SeverityCountsOut(**by_severity),
        by_state=LiveStateCountsOut(**by_state),
        newest=[AlertOut.model_validate(a) for a in newest],
        list_url="/v1/alerts?"
        + urlencode({"action": code, "live": "true", "territory": place.code}),
    )


@router.get("/{code}", response_model=ActionDetailOut)
def read_action(code: str, conn: ReadConn, caller: CurrentUser, place: Place) -> ActionDetailOut:
    """An action with its scope, budgets, indicators, effects, live alerts and analyses.

    Of its live alerts, the counts and the newest few: ``open_alerts.list_url`` lists them all.
    A viewer sees no alerts (``open_alerts`` null); a pilot those routed to them. The list of
    them all is ``GET /v1/alerts?action=&live=true&territory=``, paged, seen the same way.
    """
    reads = [  # the action is named by its code, unique in the installation: one round trip
        store_policy.actions_query(place.id, code=code),
        records_query("scope", territory_id=place.id, action=code),
        store_policy.action_budgets_query(code),
        store_data.indicators_query(place.id, action=code, limit=MAX_PAGE),
        store_data.effects_query(place.id, action=code),
        store_policy.analyses_query(place.id, action=code, limit=MAX_PAGE),
    ]
    if caller.role is not Role.VIEWER:
        person = None if caller.sees_all_alerts() else caller.person_id or -1
        reads += [
            store_data.action_alert_counts_query(place.id, code, person),
            store_data.alerts_query(
                place.id, action=code, live=True, person_id=person, limit=NEWEST_ALERTS
            ),
        ]
    found, scope, budgets, indicators, effects, analyses, *alerts = fetch_together(conn, *reads)
    if not found:
        raise NotFound(f"no action {code}")
    row = found[0]
    return ActionDetailOut(
        **action_out(row).model_dump(),
        scope=[ScopeOut.model_validate(s) for s in scope],
        budgets=[BudgetLineOut.model_validate(b) for b in budgets],
        indicators=[indicator_out(i) for i in indicators],
        effects=[EffectOut.model_validate(e) for e in effects],
        open_alerts=live_alerts_out(place, code, *alerts) if alerts else None,
        analyses=[analysis_out(a) for a in analyses],
    )
