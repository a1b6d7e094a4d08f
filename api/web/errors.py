"""What a person sees when a page cannot be served: a page in their language, never JSON or a trace.

The JSON API's handlers stay as they are for every other path: ``install`` wraps each of them so
that a request under ``/web/`` gets an HTML page with the same status (404, 403, 409, 422, 503,
500), a missing session a redirection to the sign-in page, and a form without its token a 403.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from urllib.parse import quote

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException
from starlette.responses import Response

from api.problems import NotAuthenticated
from core.errors import Conflict, DatabaseUnavailable, InvalidInput, NotFound, PermissionDenied

log = logging.getLogger(__name__)

Handler = Callable[[Request, Exception], Response | Awaitable[Response]]
PREFIX = "/web"


class SignInNeeded(Exception):  # noqa: N818 - named for what the page needs
    """The page needs a signed-in person; ``next_path`` is where to come back."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class FormRefused(Exception):  # noqa: N818 - named for what happened
    """A form came without the token of the session (or of the visitor's cookie)."""


class PageGone(Exception):  # noqa: N818 - named for what happened
    """A link that was used, expired or never valid; ``key`` names the catalogue's words."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


STATUS_KEYS: tuple[tuple[type[Exception], HTTPStatus, str], ...] = (
    (FormRefused, HTTPStatus.FORBIDDEN, "errors.form"),
    (PermissionDenied, HTTPStatus.FORBIDDEN, "errors.forbidden"),
    (NotFound, HTTPStatus.NOT_FOUND, "errors.not_found"),
    (Conflict, HTTPStatus.CONFLICT, "errors.conflict"),
    (InvalidInput, HTTPStatus.UNPROCESSABLE_ENTITY, "errors.invalid"),
    (RequestValidationError, HTTPStatus.BAD_REQUEST, "errors.bad_address"),
    (DatabaseUnavailable, HTTPStatus.SERVICE_UNAVAILABLE, "errors.unavailable"),
    (psycopg.OperationalError, HTTPStatus.SERVICE_UNAVAILABLE, "errors.unavailable"),
    (PoolTimeout, HTTPStatus.SERVICE_UNAVAILABLE, "errors.unavailable"),
)


def error_page(request: Request, exc: Exception) -> Response:
    """The page of an error under ``/web/``."""
    from api.web.render import page  # noqa: PLC0415 - render imports the templates; kept lazy

    if isinstance(exc, SignInNeeded | NotAuthenticated):
        target = exc.next_path if isinstance(exc, SignInNeeded) else "/web/"
        return RedirectResponse(f"/web/sign-in?next={quote(target, safe='/')}", status_code=303)
    if isinstance(exc, PageGone):
        return page(request, "error.html", {"key": exc.key, "detail": None}, status=410)
    status, key = HTTPStatus.INTERNAL_SERVER_ERROR, "errors.internal"
    for kind, kind_status, kind_key in STATUS_KEYS:
        if isinstance(exc, kind):
            status, key = kind_status, kind_key
            break
    else:
        if isinstance(exc, HTTPException):
            status = HTTPStatus(exc.status_code)
            key = "errors.not_found" if status == HTTPStatus.NOT_FOUND else "errors.bad_address"
    if status == HTTPStatus.INTERNAL_SERVER_ERROR:
        log.error("page failed", exc_info=exc, extra={"path": request.url.path})
    return page(request, "error.html", {"key": key, "detail": None}, status=int(status))


def _for_pages(fallback: Handler | None) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(PREFIX) or fallback is None:
            return error_page(request, exc)
        answer = fallback(request, exc)
        return answer if isinstance(answer, Response) else await answer

    return handle


def install(app: FastAPI) -> None:
    """Answer errors of ``/web/`` with pages; keep the JSON API's answers for the rest."""
    own: tuple[type[Exception], ...] = (SignInNeeded, FormRefused, PageGone)
    for kind in own:
        app.add_exception_handler(kind, error_page)
    kinds: tuple[type[Exception], ...] = (
        NotAuthenticated,
        PermissionDenied,
        NotFound,
        Conflict,
        InvalidInput,
        DatabaseUnavailable,
        RequestValidationError,
        HTTPException,
        psycopg.Error,
        PoolTimeout,
        Exception,
    )
    for kind in kinds:
        app.add_exception_handler(kind, _for_pages(_handler_of(app, kind)))


def _handler_of(app: FastAPI, kind: type[Exception]) -> Handler | None:
    """The handler the app already has for ``kind`` or its nearest base class."""
    for base in kind.__mro__:
        found = app.exception_handlers.get(base)
        if found is not None:
            return found
    return None
