"""``/v1/alerts``: list and filter; acknowledge, resolve and close.

A pilot sees and acts on the alerts routed (or escalated) to them; admins and evaluators see
every alert; viewers none. The transitions are the database's (``vigie_*_alert``, shared with
``vigie alerts``): one the alert's state does not allow is a 409 naming that state.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from api import store_data
from api.deps import Conn, CurrentUser, Place, Territory, allow, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, encode_cursor, int_key, json_page, next_cursor
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_data import (
    AcknowledgeIn,
    AlertDetailOut,
    AlertEventOut,
    AlertOut,
    CloseIn,
    Page,
    ResolveIn,
)
from api.store import Row
from api.tokens import Caller, Role
from core.database import Connection
from core.errors import Conflict, NotFound

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/alerts", tags=["alerts"], responses=RESPONSES
)
AlertId = Annotated[int, Path(ge=1, lt=2**63)]
State = Literal["open", "acknowledged", "resolved", "closed"]
Severity = Literal["informational", "low", "medium", "high", "critical"]


def _person_filter(caller: Caller) -> int | None:
    allow(caller, Role.ADMIN, Role.EVALUATOR, Role.PILOT, to="read alerts")
    return None if caller.sees_all_alerts() else caller.person_id or -1


def _find(conn: Connection, place_id: int, caller: Caller, alert_id: int) -> Row:
    found = store_data.alerts(conn, place_id, id=alert_id, person_id=_person_filter(caller))
    if not found:
        raise NotFound(
            f"no alert {alert_id} routed to you"
            if caller.role is Role.PILOT
            else f"no alert {alert_id}"
        )
    return found[0]


@router.get("", response_model=Page[AlertOut])
def list_alerts(
    conn: ReadConn,
    caller: CurrentUser,
    place: Place,
    state: State | None = None,
    severity: Severity | None = None,
    rule: str | None = None,
    pilot: Annotated[int | None, Query(ge=1, lt=2**31, description="Person id.")] = None,
    mission: str | None = None,
    action: Annotated[str | None, Query(description="Action code.")] = None,
    district: str | None = None,
    live: Annotated[
        bool | None, Query(description="true: open or acknowledged; false: resolved or closed.")
    ] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Response:
    """Alerts, newest first, filtered by state, severity, rule, pilot, mission, action, district.

    PostgreSQL writes the page's JSON (``alerts_json.sql``), which is sent as it is: the same
    body as ``Page[AlertOut]`` encodes, without decoding, validating and encoding each alert.
    """
    found = store_data.alerts_json(
        conn,
        place.id,
        person_id=_person_filter(caller),
        state=state,
        severity=severity,
        rule=rule,
        pilot_id=pilot,
        mission=mission,
        action=action,
        district=district,
        live=live,
        after=int_key(cursor),
        limit=limit,
    )
    cursor_out = encode_cursor(found["last_id"]) if found["listed"] >= limit else None
    return Response(json_page(found["items"], cursor_out), media_type="application/json")


def alert_page(
    conn: Connection, caller: Caller, place: Territory, limit: int, **filters: str | None
) -> Page[AlertOut]:
    """A page of the alerts the caller may see, as models (the web pages' lists)."""
    found = store_data.alerts(
        conn, place.id, person_id=_person_filter(caller), limit=limit, **filters
    )
    items = [AlertOut.model_validate(a) for a in found]
    return Page(items=items, next_cursor=next_cursor([a.id for a in items], limit))


@router.get("/{alert_id}", response_model=AlertDetailOut)
def read_alert(
    alert_id: AlertId, conn: ReadConn, caller: CurrentUser, place: Place
) -> AlertDetailOut:
    """One alert with its history."""
    row = _find(conn, place.id, caller, alert_id)
    events = [AlertEventOut.model_validate(e) for e in store_data.alert_events(conn, alert_id)]
    return AlertDetailOut(**AlertOut.model_validate(row).model_dump(), events=events)


def _change(
    conn: Connection, place_id: int, caller: Caller, alert_id: int, change: str, comment: str | None
) -> AlertDetailOut:
    allow(caller, Role.ADMIN, Role.PILOT, to=f"{change} alerts")
    _find(conn, place_id, caller, alert_id)
    outcome = store_data.change_alert(conn, change, alert_id, caller.person_id, comment)
    if outcome is None:
        raise NotFound(f"no alert {alert_id}")
    if not outcome["changed"]:
        raise Conflict(f"alert {alert_id} is {outcome['state']}: cannot {change} it")
    updated = _find(conn, place_id, caller, alert_id)
    events = [AlertEventOut.model_validate(e) for e in store_data.alert_events(conn, alert_id)]
    return AlertDetailOut(**AlertOut.model_validate(updated).model_dump(), events=events)


@router.post("/{alert_id}/acknowledge", response_model=AlertDetailOut)
def acknowledge(
    alert_id: AlertId,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
    body: AcknowledgeIn | None = None,
) -> AlertDetailOut:
    """Say an open alert is being handled (the body, with its comment, is optional)."""
    return _change(conn, place.id, caller, alert_id, "acknowledge", body.comment if body else None)


@router.post("/{alert_id}/resolve", response_model=AlertDetailOut)
def resolve(
    alert_id: AlertId, body: ResolveIn, conn: Conn, caller: CurrentUser, place: Place
) -> AlertDetailOut:
    """Resolve an open or acknowledged alert, saying what was done."""
    return _change(conn, place.id, caller, alert_id, "resolve", body.comment)


@router.post("/{alert_id}/close", response_model=AlertDetailOut)
def close(
    alert_id: AlertId,
    conn: Conn,
    caller: CurrentUser,
    place: Place,
    body: CloseIn | None = None,
) -> AlertDetailOut:
    """Close a resolved alert: nothing more to do or say about it (the body is optional)."""
    return _change(conn, place.id, caller, alert_id, "close", body.comment if body else None)
