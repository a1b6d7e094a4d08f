"""``ReadConn``: the connection a read-only route reads through, from a replica when one is set.

With ``VIGIE_DATABASE_READ_URL`` the app opens a second pool on that server (a streaming
replica) and the ``GET /v1/...`` routes read from it; without it they read through the request's
``Conn`` on the primary, so a request never holds two connections of one pool. The caller's
token and the territory are always looked up on the primary (``CurrentUser`` records a token's
last use, and a revoked token is refused at once, whatever the replica's lag).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from psycopg_pool import ConnectionPool

from api.deps import Conn, give_back
from core.database import Connection
from core.settings import Settings


async def get_read_conn(request: Request, conn: Conn) -> AsyncIterator[Connection]:
    """A connection of the read pool for the request, or the request's own when there is none.

    Async, so that a request without a read pool takes no thread for it; the read pool's
    connection is taken and given back in a worker thread (both may wait on the network).
    """
    pool: ConnectionPool | None = getattr(request.app.state, "read_pool", None)
    if pool is None:
        yield conn
        return
    settings: Settings = request.app.state.settings
    read = await run_in_threadpool(pool.getconn, settings.api_db_wait_s)
    try:
        yield read
    finally:
        await run_in_threadpool(give_back, pool, read, commit=False)


ReadConn = Annotated[Connection, Depends(get_read_conn, scope="function")]
