"""Typed dependencies of the routes: a connection per request, the caller, the territory.

Conn        a pooled connection; one transaction per request, committed when the route returns
CurrentUser the caller behind the bearer token (401 without a valid one)
Place       the territory the request is about, among the caller's (``?territory=CODE``)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from psycopg_pool import ConnectionPool

from api import store
from api.problems import BadToken, NotAuthenticated
from api.store import Row
from api.territories import Territories, Territory, choose
from api.token_use import TokenUse
from api.tokens import Caller, Role, hash_token
from core.database import Connection
from core.errors import PermissionDenied
from core.settings import Settings

__all__ = ["Conn", "CurrentUser", "Place", "SettingsDep", "Territory", "give_back"]

bearer = HTTPBearer(auto_error=False, description="A token made by `vigie token create`.")


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with (async: no thread is taken for a lookup)."""
    settings: Settings = request.app.state.settings
    return settings


async def get_conn(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AsyncIterator[Connection]:
    """A connection from the process's pool for the request's one transaction.

    The bearer token, if any, is looked up in the same trip to a worker thread as the
    connection is taken (``get_caller`` judges it): a request crosses to the thread pool three
    times (connection and token, route, commit), not four.
    """
    pool: ConnectionPool = request.app.state.pool
    settings: Settings = request.app.state.settings
    token = None if credentials is None else credentials.credentials
    conn, request.state.token_row = await run_in_threadpool(
        _take, pool, settings.api_db_wait_s, token
    )
    try:
        yield conn
    except BaseException:
        await run_in_threadpool(give_back, pool, conn, commit=False)
        raise
    await run_in_threadpool(give_back, pool, conn, commit=True)


def _take(pool: ConnectionPool, wait_s: float, token: str | None) -> tuple[Connection, Row | None]:
    """A pooled connection, and the row of ``token`` read through it (None without a token)."""
    conn = pool.getconn(timeout=wait_s)
    try:
        if token is None:
            return conn, None
        with conn.pipeline():  # the transaction's BEGIN and the token's row in one round trip
            return conn, store.token_by_hash(conn, hash_token(token))
    except BaseException:
        give_back(pool, conn, commit=False)
        raise


def give_back(pool: ConnectionPool, conn: Connection, *, commit: bool) -> None:
    """End the request's transaction (commit, or roll back after an error) and return ``conn``."""
    try:
        if commit:
            conn.commit()
        else:
            conn.rollback()
    finally:
        pool.putconn(conn)


# "function": the transaction commits when the route returns, before the response is sent.
Conn = Annotated[Connection, Depends(get_conn, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_caller(
    request: Request,
    _conn: Conn,  # taken first: it read the token's row
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The caller behind ``Authorization: Bearer <token>``; 401 saying why when there is none.

    The token's row was read with the request's connection (``get_conn``).
    """
    if credentials is None:
        raise NotAuthenticated("this resource needs an Authorization: Bearer <token> header")
    found: Row | None = request.state.token_row
    if found is None:
        raise BadToken("the bearer token is unknown")
    if found["revoked"]:
        raise BadToken("the bearer token was revoked")
    if found["expired"]:
        raise BadToken(f"the bearer token expired on {found['expires_at']:%Y-%m-%d}")
    token_use: TokenUse = request.app.state.token_use
    token_use.note(found["id"])
    return Caller(
        token_id=found["id"],
        role=Role(found["role"]),
        person_id=found["person_id"],
        territories=frozenset(found["territory_ids"]),
    )


CurrentUser = Annotated[Caller, Depends(get_caller)]


async def get_territories(request: Request) -> Territories:
    """The installation's territories, kept by the app (loaded on first use)."""
    known: Territories = request.app.state.territories
    return known


async def get_territory(
    conn: Conn,
    caller: CurrentUser,
    settings: SettingsDep,
    known: Annotated[Territories, Depends(get_territories)],
    territory: Annotated[
        str | None,
        Query(
            description="The territory asked about, by code: needed only when the token may"
            " see several and the installation's own is not one of them.",
            max_length=32,
        ),
    ] = None,
) -> Territory:
    """The territory the request is about, one the caller may see (403 or 404 otherwise).

    Chosen among the territories kept in memory without taking a thread; read in a worker
    thread only when one of them is not known yet.
    """
    choosing = partial(
        choose,
        conn,
        known,
        caller.territories,
        territory,
        default=settings.territory,
        who="this token",
    )
    codes = [settings.territory] if territory is None else [territory, settings.territory]
    if known.knows(caller.territories, codes):
        return choosing()
    return await run_in_threadpool(choosing)


Place = Annotated[Territory, Depends(get_territory)]


def allow(caller: Caller, *roles: Role, to: str) -> None:
    """Refuse with 403, saying which roles may, unless the caller has one of ``roles``."""
    if caller.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(f"role {caller.role.value} may not {to}; it needs {allowed}")


def allow_action_write(caller: Caller, pilot_id: int | None, code: str) -> None:
    """Admins write on every action, pilots on the actions they pilot; others never."""
    allow(caller, Role.ADMIN, Role.PILOT, to=f"change action {code}")
    if caller.role is Role.PILOT and caller.person_id != pilot_id:
        raise PermissionDenied(f"action {code} is piloted by someone else")
