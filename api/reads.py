"""``ReadConn``: the connection a read-only route reads through, from a replica when one is set.

With ``VIGIE_DATABASE_READ_URL`` the app opens a second pool on that server (a streaming
replica) and the ``GET /v1/...`` routes read from it; without it they read through the request's
``Conn`` on the primary, so a request never holds two connections of one pool. The caller's
token and the territory are always looked up on the primary (``CurrentUser`` records a token's
last use, and a revoked token is refused at once, whatever the replica's lag).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import ConnectionPool

from api.deps import Conn
from core.database import Connection
from core.settings import Settings


def get_read_conn(request: Request, conn: Conn) -> Iterator[Connection]:
    """A connection of the read pool for the request, or the request's own when there is none."""
    pool: ConnectionPool | None = getattr(request.app.state, "read_pool", None)
    if pool is None:
        yield conn
        return
    settings: Settings = request.app.state.settings
    with pool.connection(timeout=settings.api_db_wait_s) as read:
        yield read


ReadConn = Annotated[Connection, Depends(get_read_conn, scope="function")]
