"""Every error a client sees, as RFC 9457 problem details (``application/problem+json``).

One place maps Vigie's errors (``core.errors``), the driver's and the framework's to a status
and a body; anything else is a 500 whose body says nothing of the code. Validation errors name
each field (``query.limit``, ``body.comment``) and say why.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException

from api.limits import AuthFailures
from core.errors import (
    Conflict,
    DatabaseUnavailable,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    VigieError,
)

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
RETRY = {"Retry-After": "1"}


class NotAuthenticated(VigieError):  # noqa: N818 - a state, as in "the caller is not authenticated"
    """No token, or a token that is unknown or revoked."""


class BadToken(NotAuthenticated):
    """A token was given and is not a live one: counted against the client (``api.limits``)."""


STATUS_OF: dict[type[VigieError], HTTPStatus] = {
    NotAuthenticated: HTTPStatus.UNAUTHORIZED,
    PermissionDenied: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    InvalidInput: HTTPStatus.UNPROCESSABLE_ENTITY,
    DatabaseUnavailable: HTTPStatus.SERVICE_UNAVAILABLE,
}


def problem(
    request: Request,
    status: HTTPStatus,
    detail: str,
    errors: list[Problem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, object] = {
        "type": "about:blank",
        "title": status.phrase,
        "status": int(status),
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = [{"field": e.where, "reason": e.reason} for e in errors]
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _vigie_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, VigieError)  # noqa: S101 - registered for VigieError only
    status = next(
        (s for kind, s in STATUS_OF.items() if isinstance(exc, kind)),
        HTTPStatus.INTERNAL_SERVER_ERROR,
    )
    if status == HTTPStatus.INTERNAL_SERVER_ERROR:
        return _unexpected(request, exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == HTTPStatus.UNAUTHORIZED else None
    if isinstance(exc, BadToken):
        failures: AuthFailures = request.app.state.auth_failures
        failures.record(request.client.host if request.client else "unknown")
    if status == HTTPStatus.SERVICE_UNAVAILABLE:
        headers = RETRY
    problems = exc.problems if isinstance(exc, InvalidInput) else None
    return problem(request, status, str(exc), problems, headers)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    problems = [
        Problem(
            ".".join(str(part) for part in error["loc"]),
            str(error["msg"]).removeprefix("Value error, "),
        )
        for error in exc.errors()
    ]
    fields = ", ".join(p.where for p in problems)
    return problem(request, HTTPStatus.UNPROCESSABLE_ENTITY, f"invalid {fields}", problems)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for it only
    status = HTTPStatus(exc.status_code)
    return problem(request, status, str(exc.detail), headers=exc.headers)


def _database_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, psycopg.IntegrityError):
        return problem(request, HTTPStatus.CONFLICT, "the change contradicts stored data")
    if isinstance(exc, psycopg.DataError):
        return problem(request, HTTPStatus.UNPROCESSABLE_ENTITY, "a value is out of range")
    if isinstance(exc, psycopg.errors.QueryCanceled | psycopg.errors.LockNotAvailable):
        log.warning("database too slow", extra={"error": type(exc).__name__})
        detail = "the database took too long to answer; retry shortly"
        return problem(request, HTTPStatus.SERVICE_UNAVAILABLE, detail, headers=RETRY)
    if isinstance(exc, psycopg.OperationalError | PoolTimeout):
        log.warning("database unavailable", extra={"error": type(exc).__name__})
        detail = "the database is unavailable or every connection is busy; retry shortly"
        return problem(request, HTTPStatus.SERVICE_UNAVAILABLE, detail, headers=RETRY)
    return _unexpected(request, exc)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("request failed", exc_info=exc, extra={"path": request.url.path})
    return problem(
        request, HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details"
    )


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(VigieError, _vigie_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(psycopg.Error, _database_error)
    app.add_exception_handler(PoolTimeout, _database_error)
    app.add_exception_handler(Exception, _unexpected)


PROBLEM_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


def _described(description: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}},
    }


RESPONSES: dict[int | str, dict[str, object]] = {
    400: _described("The body cannot be parsed."),
    401: _described("No token, or an unknown or revoked one."),
    403: _described("The caller's role or person may not do this."),
    404: _described("No such thing."),
    409: _described("The request contradicts the current state."),
    413: _described("The request body is too large."),
    422: _described("A field is invalid; ``errors`` names each one."),
    429: _described("Too many failed authentications from this client; see Retry-After."),
    503: _described("At capacity, or the database is unavailable; see Retry-After."),
}
