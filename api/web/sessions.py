"""Sessions of people signed in on the web pages, and the form tokens that guard their forms.

A session is a random secret in the ``vigie_session`` cookie (HttpOnly, SameSite=Lax, Secure when
the pages are served over TLS, limited to ``/web``); the database keeps only its SHA-256
(``web_sessions``), the person, the role chosen at sign-in, the territory chosen among the
person's (``person_territories``), and a form token bound to the session: every form of a
signed-in person carries it and a POST without it, or with another one, is refused
(synchronizer token). A session ends at sign-out, after ``VIGIE_WEB_SESSION_IDLE_MIN``
without a request, ``VIGIE_WEB_SESSION_MAX_H`` after sign-in whatever happens, or as soon as its
person no longer holds its role.

Forms shown before sign-in (asking for a link, confirming one) carry the value of a
``vigie_form`` cookie instead (double submit): a page of another site can neither read the
cookie nor send it with its own value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response

from api.deps import Conn, SettingsDep
from api.tokens import Caller, Role
from api.web import store_people
from api.web.errors import FormRefused, SignInNeeded
from core.database import Connection
from core.settings import Settings

SESSION_COOKIE = "vigie_session"
FORM_COOKIE = "vigie_form"
COOKIE_PATH = "/web"


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request's session."""

    session_id: int
    person_id: int
    name: str
    role: Role
    csrf: str
    territories: frozenset[int] = frozenset()
    chosen: int | None = None

    @property
    def caller(self) -> Caller:
        """The person as the JSON API's rules know a caller: role, person, territories."""
        return Caller(
            token_id=None, role=self.role, person_id=self.person_id, territories=self.territories
        )


def digest(secret: str) -> str:
    """The SHA-256 of a cookie's or a link's secret, in hex: what the database keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def now() -> datetime:
    """The current instant."""
    return datetime.now(UTC)


def over_tls(request: Request, settings: Settings) -> bool:
    """Whether people reach the pages over TLS (cookies are then Secure)."""
    return request.url.scheme == "https" or settings.public_api_url.startswith("https://")


def signed_in(request: Request, conn: Connection, settings: Settings) -> SignedIn | None:
    """The live session of the request's cookie, also left on ``request.state``."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = None
    if cookie:
        found = store_people.session(conn, digest(cookie), now(), settings.web_session_idle_min)
    if found is None:
        request.state.csrf = request.cookies.get(FORM_COOKIE, "")
        return None
    user = SignedIn(
        found["id"],
        found["person_id"],
        found["name"],
        Role(found["role"]),
        found["csrf_token"],
        frozenset(found["territory_ids"]),
        found["territory_id"],
    )
    request.state.web_user = user
    request.state.csrf = user.csrf
    request.state.flash = found["flash"]
    return user


def current_user(request: Request, conn: Conn, settings: SettingsDep) -> SignedIn:
    """The signed-in person, or a redirection to the sign-in page that comes back here."""
    user = signed_in(request, conn, settings)
    if user is None:
        target = request.url.path if request.method == "GET" else "/web/"
        if request.method == "GET" and request.url.query:
            target += f"?{request.url.query}"
        raise SignInNeeded(target)
    return user


def maybe_user(request: Request, conn: Conn, settings: SettingsDep) -> SignedIn | None:
    """The signed-in person, if any."""
    return signed_in(request, conn, settings)


User = Annotated[SignedIn, Depends(current_user)]
MaybeUser = Annotated[SignedIn | None, Depends(maybe_user)]


def check_form(request: Request, submitted: str | None) -> None:
    """Refuse a form whose token is missing or is not the session's (or the form cookie's)."""
    expected: str = getattr(request.state, "csrf", "") or request.cookies.get(FORM_COOKIE, "")
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise FormRefused


def anonymous_form_token(request: Request) -> str:
    """The form token of a visitor: the cookie's, or a new one that ``form_cookie`` will set."""
    token = request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf = token
    return token


def form_cookie(request: Request, response: Response, settings: Settings) -> None:
    """Set the ``vigie_form`` cookie a visitor's forms echo, when the request had none."""
    token: str = getattr(request.state, "csrf", "")
    if not token or request.cookies.get(FORM_COOKIE) == token:
        return
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=over_tls(request, settings),
        path=COOKIE_PATH,
    )


def start(  # noqa: PLR0913 - the request, the answer, and who signs in as what
    request: Request,
    response: Response,
    conn: Connection,
    settings: Settings,
    *,
    person_id: int,
    role: Role,
    territory_id: int | None = None,
) -> bool:
    """Open a session for ``person_id`` in ``role`` and set its cookie; False without the role.

    The pages show ``territory_id`` when the person may see it, else their default territory.
    """
    secret = secrets.token_urlsafe(32)
    started = now()
    lifetime = timedelta(hours=settings.web_session_max_h)
    session_id = store_people.insert_session(
        conn,
        {
            "token_sha256": digest(secret),
            "person_id": person_id,
            "role": role.value,
            "csrf_token": secrets.token_urlsafe(32),
            "now": started,
            "expires_at": started + lifetime,
            "territory_id": territory_id,
        },
    )
    if session_id is None:
        return False
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=over_tls(request, settings),
        path=COOKIE_PATH,
    )
    response.delete_cookie(FORM_COOKIE, path=COOKIE_PATH)
    return True


def end(response: Response, conn: Connection, user: SignedIn) -> None:
    """End the session and drop its cookie."""
    store_people.end_session(conn, user.session_id, now())
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)


def flash(
    conn: Connection, user: SignedIn, key: str, *, error: bool = False, **params: object
) -> None:
    """A message (a catalogue key and its parameters) for the person's next page."""
    kind = "error" if error else "ok"
    store_people.set_flash(conn, user.session_id, {"key": key, "kind": kind, "params": params})
