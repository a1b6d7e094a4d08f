"""The links of alert e-mails: acknowledge an alert, or open it, without signing in first.

A link is signed for one person, one alert and one purpose, and expires (``core.links``). Following
it shows the alert and one button; the button's POST does the one thing, once: a link checker of a
mail system that fetches the link changes nothing, and a second use is refused. The person acts
in their own role, through the JSON API's own operation: an alert no longer routed to them, or a
role that does not act on alerts, is refused as it would be at the API. Opening signs the person
in and leads to the alert's page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from api.deps import Conn, SettingsDep
from api.routes import alerts as alert_routes
from api.schemas_data import AlertDetailOut
from api.territories import Territories, Territory
from api.tokens import Caller, Role
from api.web import operations, sessions, store_people
from api.web.deps import see_other
from api.web.errors import PageGone
from api.web.render import page
from core.database import Connection
from core.errors import Conflict, NotFound, PermissionDenied
from core.links import BadLink, Claim, Purpose, signer_of, token_digest
from core.settings import Settings

router = APIRouter(prefix="/web/links", include_in_schema=False)
ACTING_ROLES = (Role.PILOT, Role.ADMIN)
SESSION_ROLES = (Role.PILOT, Role.ADMIN, Role.EVALUATOR, Role.VIEWER)


def _claim(conn: Connection, settings: Settings, token: str) -> Claim:
    signer = signer_of(settings)
    if signer is None:
        raise PageGone("links.disabled")
    try:
        claim = signer.check(token, sessions.now())
    except BadLink as exc:
        raise PageGone("links.expired" if exc.reason == "expired" else "links.invalid") from exc
    if store_people.link_used_at(conn, token_digest(token)) is not None:
        raise PageGone("links.used")
    return claim


def _caller(conn: Connection, claim: Claim) -> Caller:
    """The person as they act: for acknowledging, in a role that acts on alerts."""
    person = store_people.person(conn, claim.person_id)
    held = set(person.roles) if person else set()
    territories = person.territories if person else frozenset()
    wanted = ACTING_ROLES if claim.purpose is Purpose.ACKNOWLEDGE else SESSION_ROLES
    for role in wanted:
        if role.value in held:
            return Caller(None, role, claim.person_id, territories)
    raise PageGone("links.no_role")


def _place(conn: Connection, request: Request, caller: Caller, alert_id: int) -> Territory:
    """The alert's territory, when the person may see it; the page's time zone is its own."""
    known: Territories = request.app.state.territories
    territory_id = store_people.alert_territory(conn, alert_id)
    place = None if territory_id is None else known.by_id(conn, territory_id)
    if place is None or place.id not in caller.territories:
        raise PageGone("links.not_yours")
    request.state.timezone = place.timezone
    return place


def _alert(conn: Connection, place: Territory, caller: Caller, alert_id: int) -> AlertDetailOut:
    try:
        return alert_routes.read_alert(alert_id, conn, caller, place)
    except (NotFound, PermissionDenied) as exc:
        raise PageGone("links.not_yours") from exc


@router.get("/{token}")
def link_page(token: str, request: Request, conn: Conn, settings: SettingsDep) -> Response:
    """The alert and the one button of the link."""
    claim = _claim(conn, settings, token)
    caller = _caller(conn, claim)
    place = _place(conn, request, caller, claim.alert_id)
    alert = _alert(conn, place, caller, claim.alert_id)
    sessions.anonymous_form_token(request)
    context = {"alert": alert, "purpose": claim.purpose.value, "done": False}
    answer = page(request, "link.html", context)
    sessions.form_cookie(request, answer, settings)
    return answer


@router.post("/{token}")
def use_link(
    token: str,
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Do what the link is for, once."""
    sessions.check_form(request, csrf)
    claim = _claim(conn, settings, token)
    caller = _caller(conn, claim)
    place = _place(conn, request, caller, claim.alert_id)
    _alert(conn, place, caller, claim.alert_id)
    fields = {
        "token_sha256": token_digest(token),
        "purpose": claim.purpose.value,
        "alert_id": claim.alert_id,
        "person_id": claim.person_id,
        "now": sessions.now(),
    }
    if not store_people.use_link(conn, fields):
        raise PageGone("links.used")
    if claim.purpose is Purpose.OPEN:
        answer = see_other(f"/web/alerts/{claim.alert_id}")
        sessions.start(
            request,
            answer,
            conn,
            settings,
            person_id=claim.person_id,
            role=caller.role,
            territory_id=place.id,
        )
        return answer
    status = 200
    try:
        operations.change_alert(
            conn, place, caller, claim.alert_id, change="acknowledge", comment=None
        )
    except Conflict:
        status = 409
    alert = _alert(conn, place, caller, claim.alert_id)
    context = {"alert": alert, "purpose": claim.purpose.value, "done": True}
    return page(request, "link.html", context, status=status)
