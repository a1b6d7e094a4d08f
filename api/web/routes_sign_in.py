"""Sign-in by an e-mailed one-time link, and sign-out.

Asking for a link always gets the same answer, whether the address is known or not, and the
e-mail is sent after the answer, so that the page does not tell which addresses are known and
its timing does not wait on the mail relay. Requests per address are limited
(``VIGIE_WEB_SIGN_IN_PER_HOUR``); past the limit no e-mail goes out, and the answer is the same.
Following the link shows a page with one button per role the person holds: a link checker of a
mail system that fetches the link signs no one in; the button's POST does, once.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request, Response

from api.deps import Conn, SettingsDep
from api.tokens import Role
from api.web import sessions, store_people
from api.web.deps import safe_next, see_other
from api.web.errors import PageGone
from api.web.i18n import catalogue
from api.web.links import new_sign_in_link
from api.web.render import page
from api.web.sessions import MaybeUser, User, digest
from core.errors import PermissionDenied
from core.mail import MailNotSent, send_mail
from core.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/web", include_in_schema=False)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


@router.get("/sign-in")
def sign_in_form(
    request: Request,
    settings: SettingsDep,
    user: MaybeUser,
    next_path: Annotated[str | None, Query(alias="next")] = None,
) -> Response:
    """The form asking for an e-mail address."""
    if user is not None:
        return see_other(safe_next(next_path))
    sessions.anonymous_form_token(request)
    context = {"next": safe_next(next_path), "sent": False, "error": None}
    answer = page(request, "sign_in.html", context)
    sessions.form_cookie(request, answer, settings)
    return answer


@router.post("/sign-in")
def ask_for_link(
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    tasks: BackgroundTasks,
    _user: MaybeUser,
    email: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Send a sign-in link to a known address that holds a role; the same answer for all."""
    sessions.check_form(request, csrf)
    address = email.strip()
    if not EMAIL.match(address) or len(address) > MAX_EMAIL:
        context = {"next": safe_next(next_path), "sent": False, "error": "sign_in.bad_email"}
        return page(request, "sign_in.html", context, status=422)
    requests = store_people.count_sign_in_request(conn, digest(address.lower()), sessions.now())
    person = store_people.person_by_email(conn, address)
    if person is not None and person.roles and requests <= settings.web_sign_in_per_hour:
        link = new_sign_in_link(conn, settings, person.id, safe_next(next_path))
        tasks.add_task(_send_link, settings, person.email, link)
    elif requests > settings.web_sign_in_per_hour:
        log.warning("sign-in requests over the limit", extra={"requests": requests})
    context = {"next": safe_next(next_path), "sent": True, "error": None}
    return page(request, "sign_in.html", context)


def _send_link(settings: Settings, address: str, link: str) -> None:
    words = catalogue(settings.web_language)
    body = words.text("mail.sign_in_body", link=link, minutes=settings.web_sign_in_ttl_min)
    try:
        send_mail(settings, address, words.text("mail.sign_in_subject"), body)
    except MailNotSent as exc:
        log.warning("sign-in link not sent", extra={"error": str(exc)})


@router.get("/sign-in/{token}")
def confirm_form(token: str, request: Request, conn: Conn, settings: SettingsDep) -> Response:
    """The page of a sign-in link: one button per role the person holds."""
    found = store_people.sign_in_link(conn, digest(token), sessions.now())
    if found is None or not found["roles"]:
        raise PageGone("sign_in.link_gone")
    sessions.anonymous_form_token(request)
    answer = page(request, "sign_in_confirm.html", {"name": found["name"], "roles": found["roles"]})
    sessions.form_cookie(request, answer, settings)
    return answer


@router.post("/sign-in/{token}")
def confirm(
    token: str,
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    role: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Use the link once: a session in the chosen role, then the page asked for."""
    sessions.check_form(request, csrf)
    used = store_people.use_sign_in_link(conn, digest(token), sessions.now())
    if used is None:
        raise PageGone("sign_in.link_gone")
    answer = see_other(safe_next(used["next_path"]))
    if role not in Role.__members__.values() or not sessions.start(
        request, answer, conn, settings, person_id=used["person_id"], role=Role(role)
    ):
        raise PermissionDenied("the person does not hold this role")
    return answer


@router.post("/sign-out")
def sign_out(
    request: Request, conn: Conn, user: User, csrf: Annotated[str, Form()] = ""
) -> Response:
    """End the session."""
    sessions.check_form(request, csrf)
    answer = see_other("/web/sign-in?signed_out=1")
    sessions.end(answer, conn, user)
    return answer
