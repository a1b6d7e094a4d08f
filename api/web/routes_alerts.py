"""The alert inbox and an alert's page.

The inbox puts counts first, then the alerts grouped by action and rule, with filters; an alert's
page has the transitions with a comment, its history, its asset on a small map, its dashboard.

What a person sees and may do is what the JSON API lets their role see and do: the lists and the
alert come from the ``/v1/alerts`` route functions, the transitions from ``api.web.operations``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request, Response

from api.deps import Conn, SettingsDep, Territory, allow
from api.routes import alerts as alert_routes
from api.schemas_data import AlertOut
from api.store import Row
from api.tokens import Caller, Role
from api.web import operations, sessions, store_pages
from api.web.deps import Here, safe_next, see_other
from api.web.forms import FieldsRefused
from api.web.render import page
from api.web.sessions import User
from core.errors import Conflict, NotFound, PermissionDenied
from core.settings import Settings

router = APIRouter(prefix="/web/alerts", include_in_schema=False)
SEVERITIES = ("critical", "high", "medium", "low", "informational")
STATES = ("open", "acknowledged", "resolved", "closed")
AGES = {"day": (None, timedelta(days=1)), "week": (timedelta(days=1), timedelta(days=7)),
        "older": (timedelta(days=7), None)}  # fmt: skip
LISTED = 500
SHOWN = 10  # alerts shown per group in the inbox; a group's own page lists them all
Change = Literal["acknowledge", "resolve", "close"]
DASHBOARDS = {"lighting": "vigie-eclairage", "buildings": "vigie-batiments"}


@dataclass
class Group:
    """The alerts of one action (or none) and one rule: their counts and the newest ones."""

    action_code: str | None
    rule_id: str
    total: int = 0
    worst: int = len(SEVERITIES)
    alerts: list[Row] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """How many more the group's own page lists."""
        return self.total - len(self.alerts)


def listed(
    conn: Conn, place: Territory, caller: Caller, state: str | None, severity: str | None
) -> tuple[list[AlertOut], bool]:
    """Alerts the caller may see, newest first (live ones without a state); whether cut short.

    The JSON API's own list (``GET /v1/alerts``, as models), for the inbox's downloads.
    """
    found: list[AlertOut] = []
    full = False
    chosen = severity if severity in SEVERITIES else None
    for one_state in (state,) if state in STATES else ("open", "acknowledged"):
        page_of = alert_routes.alert_page(
            conn, caller, place, LISTED, state=one_state, severity=chosen
        )
        found += page_of.items
        full = full or page_of.next_cursor is not None
    found.sort(key=lambda a: a.id, reverse=True)
    return found, full


def of_age(items: list[AlertOut], age: str | None, now: datetime) -> list[AlertOut]:
    """The alerts first seen within the age band (all without one)."""
    since, before = age_bounds(age, now)
    return [
        a
        for a in items
        if (since is None or a.first_seen >= since) and (before is None or a.first_seen < before)
    ]


def age_bounds(age: str | None, now: datetime) -> tuple[datetime | None, datetime | None]:
    """First sightings from and before which an age band holds alerts."""
    if age not in AGES:
        return None, None
    least, most = AGES[age]
    return (None if most is None else now - most), (None if least is None else now - least)


def grouped(counts: list[Row], alerts: list[Row]) -> list[Group]:
    """Groups by action and rule with their counts, the most severe first, then the largest."""
    groups: dict[tuple[str | None, str], Group] = {}
    for row in counts:
        key = (row["action_code"], row["rule_id"])
        group = groups.setdefault(key, Group(*key))
        group.total += int(row["alerts"])
        group.worst = min(group.worst, SEVERITIES.index(row["severity"]))
    for alert in alerts:
        groups[alert["action_code"], alert["rule_id"]].alerts.append(alert)
    return sorted(groups.values(), key=lambda g: (g.worst, -g.total, g.action_code or ""))


def may_act(caller: Caller) -> bool:
    """Whether the caller's role acts on alerts (the JSON API's rule: admin, pilot)."""
    return caller.role in {Role.ADMIN, Role.PILOT}


@router.get("")
def inbox(
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    severity: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    age: Annotated[str | None, Query()] = None,
    rule: Annotated[str | None, Query()] = None,
    action: Annotated[str | None, Query()] = None,
) -> Response:
    """The inbox: counts by severity and state, then the alerts grouped by action and rule.

    Each group shows its newest alerts; with ``rule`` and ``action``, one group shows them all;
    with ``action`` alone, the groups of that action (``-``: of no action).
    """
    allow(user.caller, Role.ADMIN, Role.EVALUATOR, Role.PILOT, to="read alerts")
    since, before = age_bounds(age, sessions.now())
    one_group = bool(rule)
    filters = {
        "territory_id": place.id,
        "person_id": None if user.caller.sees_all_alerts() else user.person_id,
        "state": state if state in STATES else None,
        "severity": severity if severity in SEVERITIES else None,
        "since": since,
        "before": before,
        "rule": rule or None,
        "action": (action or "-") if one_group else action or None,
        "shown": LISTED if one_group else SHOWN,
    }
    counts, alerts = store_pages.inbox(conn, filters)
    by_severity: Counter[str] = Counter()
    by_state: Counter[str] = Counter()
    for row in counts:
        by_severity[row["severity"]] += int(row["alerts"])
        by_state[row["state"]] += int(row["alerts"])
    context = {
        "section": "alerts",
        "groups": grouped(counts, alerts),
        "one_group": one_group,
        "total": sum(by_state.values()),
        "by_severity": by_severity,
        "by_state": by_state,
        "filters": {
            "severity": filters["severity"] or "",
            "state": filters["state"] or "",
            "age": age if age in AGES else "",
            "rule": rule or "",
            "action": action or "",
        },
        "severities": SEVERITIES,
        "states": STATES,
        "ages": tuple(AGES),
        "may_act": may_act(user.caller),
        "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return page(request, "inbox.html", context)


def grafana_link(settings: Settings, alert: AlertOut) -> str:
    """The Grafana dashboard of the alert's domain (the alerts' dashboard for the others)."""
    uid = DASHBOARDS.get(alert.domain, "vigie-alertes")
    district = f"?var-district={alert.district_code}" if alert.district_code else ""
    return f"{settings.grafana_url.rstrip('/')}/d/{uid}{district}"


@router.get("/{alert_id}")
def alert_page(
    alert_id: int, request: Request, conn: Conn, user: User, place: Here, settings: SettingsDep
) -> Response:
    """One alert: what, where, since when, its history, its asset on a map, what can be done."""
    alert = alert_routes.read_alert(alert_id, conn, user.caller, place)
    context = {
        "section": "alerts",
        "alert": alert,
        "may_act": may_act(user.caller),
        "grafana": grafana_link(settings, alert),
        "errors": {},
    }
    return page(request, "alert.html", context)


@router.post("/{alert_id}/{change}")
def change(
    alert_id: int,
    change: Change,
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    comment: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Acknowledge, resolve or close the alert; back to the page the form was on."""
    sessions.check_form(request, csrf)
    target = safe_next(back or f"/web/alerts/{alert_id}")
    try:
        operations.change_alert(
            conn, place, user.caller, alert_id, change=change, comment=comment.strip() or None
        )
    except FieldsRefused:
        sessions.flash(conn, user, "alerts.comment_needed", error=True, id=alert_id)
    except Conflict:
        sessions.flash(conn, user, f"alerts.cannot_{change}", error=True, id=alert_id)
    except (PermissionDenied, NotFound):
        sessions.flash(conn, user, "alerts.not_yours", error=True, id=alert_id)
    else:
        sessions.flash(conn, user, f"alerts.done_{change}", id=alert_id)
    return see_other(target)
