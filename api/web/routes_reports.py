"""Activity reports (*Imprimer*): the list, the form that makes one, report N as HTML and PDF.

Admins and evaluators make reports; every role but a viewer reads them (a report counts alerts).
Report N is served as it was frozen: its HTML with the style it carries, its PDF byte for byte.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response

from api import store_policy
from api.deps import Conn, SettingsDep, allow
from api.pages import MAX_PAGE
from api.tokens import Role
from api.web import reports, sessions
from api.web.deps import Here, see_other
from api.web.render import SECURITY_HEADERS, page
from api.web.sessions import User
from core.errors import InvalidInput, NotFound, Problem

router = APIRouter(prefix="/web/reports", include_in_schema=False)
KINDS = ("policy", "mission", "action")
READERS = (Role.ADMIN, Role.EVALUATOR, Role.PILOT)
MAKERS = (Role.ADMIN, Role.EVALUATOR)


@router.get("")
def list_reports(
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    kind: Annotated[str | None, Query()] = None,
    code: Annotated[str | None, Query()] = None,
) -> Response:
    """Reports made so far, and the form to make one."""
    allow(user.caller, *READERS, to="read activity reports")
    kind = kind if kind in KINDS else None
    today = date.today()  # noqa: DTZ011 - a default for the form
    context = {
        "section": "reports",
        "reports": reports.listed(conn, place, kind, code if kind else None),
        "may_make": user.role in MAKERS,
        "policies": store_policy.policies(conn, place.id),
        "missions": store_policy.missions(conn, place.id),
        "actions": store_policy.actions(conn, place.id, limit=MAX_PAGE),
        "chosen": {"kind": kind or "policy", "code": code or ""},
        "default_start": date(today.year, 1, 1),
        "default_end": today,
        "errors": {},
    }
    return page(request, "reports.html", context)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"invalid {field}", [Problem(field, "not a date")]) from None


@router.post("")
def make_report(
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    settings: SettingsDep,
    subject: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Make, render and freeze a report, then show it."""
    sessions.check_form(request, csrf)
    allow(user.caller, *MAKERS, to="make activity reports")
    kind, _, code = subject.partition(":")
    if kind not in KINDS or not code:
        raise InvalidInput("choose what the report covers", [Problem("subject", "required")])
    first, last = _day(start, "start"), _day(end, "end")
    if last < first:
        raise InvalidInput("the period ends before it starts", [Problem("end", "before start")])
    wanted = reports.Request(kind, code, first, last)
    number = reports.generate(conn, place, wanted, user, settings.web_language)
    sessions.flash(conn, user, "reports.made", number=number)
    return see_other(f"/web/reports/{number}")


@router.get("/{number}.pdf")
def report_pdf(number: int, conn: Conn, user: User, place: Here) -> Response:
    """Report N's PDF, the bytes stored when it was made."""
    allow(user.caller, *READERS, to="read activity reports")
    found = reports.stored(conn, place, number)
    if found is None:
        raise NotFound(f"no report {number}")
    headers = {
        "Content-Disposition": f'attachment; filename="vigie-rapport-{number}.pdf"',
        "ETag": f'"{found["pdf_sha256"]}"',
        "Cache-Control": "private, max-age=86400, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(bytes(found["pdf"]), media_type="application/pdf", headers=headers)


@router.get("/{number}")
def report_html(number: int, conn: Conn, user: User, place: Here) -> Response:
    """Report N as it was frozen, to read on screen or print."""
    allow(user.caller, *READERS, to="read activity reports")
    found = reports.stored(conn, place, number)
    if found is None:
        raise NotFound(f"no report {number}")
    document: str = found["html"]
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "style-src 'self'", f"style-src {reports.style_hash(document)}"
    )
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": policy}
    return Response(document, media_type="text/html; charset=utf-8", headers=headers)
