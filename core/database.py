"""Connections to PostgreSQL: one pool per process, opened in ``main()``.

Driver errors are translated into Vigie's errors here.
"""

from __future__ import annotations

import logging

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow
from psycopg_pool import ConnectionPool

from core.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

Connection = psycopg.Connection[TupleRow]
APPLICATION_NAME = "vigie"
LIVENESS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def connect(
    url: str, *, autocommit: bool = False, application: str = APPLICATION_NAME
) -> Connection:
    """Open one connection; raise DatabaseUnavailable (without the password) when it fails.

    Unless the URL says otherwise, connecting gives up after 10 s and a server that stops
    answering is noticed within about 30 s (TCP keepalives), rather than after the system's
    two hours: a long-running program then retries instead of hanging.
    """
    given = conninfo_to_dict(url)
    options = {key: value for key, value in LIVENESS.items() if key not in given}
    try:
        return psycopg.connect(
            make_conninfo(url, **options), autocommit=autocommit, application_name=application
        )
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot connect to {redact(url)}: {first_line(exc)}") from exc


def open_pool(
    url: str,
    *,
    max_size: int = 10,
    application: str = APPLICATION_NAME,
    timeouts_ms: tuple[int, int] | None = None,
    short_reads: bool = False,
) -> ConnectionPool:
    """A pool that connects lazily and checks connections before handing them out.

    ``timeouts_ms`` (statement, lock), when given, is set on every connection of the pool: a
    statement running longer, or waiting for a lock longer, is cancelled (QueryCanceled or
    LockNotAvailable) instead of holding its caller.

    ``short_reads`` tunes the pool for many short queries (the API's): no JIT compilation, and
    each prepared statement planned once (its generic plan) rather than for each execution.
    The API's queries take optional filters (``a filter IS NULL OR ...``), whose estimated cost
    is high enough to start JIT, which then costs seconds for a query that runs in a
    millisecond; and planning them anew took more time than running them (an action's page:
    about 6 of its 9 ms in the database).
    """
    kwargs: dict[str, object] = {"application_name": application}
    options = []
    if timeouts_ms is not None:
        statement_ms, lock_ms = timeouts_ms
        options += [f"-c statement_timeout={statement_ms}", f"-c lock_timeout={lock_ms}"]
    if short_reads:
        options += ["-c jit=off", "-c plan_cache_mode=force_generic_plan"]
    if options:
        kwargs["options"] = " ".join(options)
    pool: ConnectionPool = ConnectionPool(
        url,
        min_size=1,
        max_size=max_size,
        kwargs=kwargs,
        check=ConnectionPool.check_connection,
        open=False,
    )
    pool.open(wait=False)
    return pool


def ensure_database(url: str) -> bool:
    """Create the database named by ``url`` if it does not exist; return whether it was created."""
    params = conninfo_to_dict(url)
    name = str(params.get("dbname") or "")
    if not name:
        return False
    maintenance = make_conninfo(url, dbname="postgres")
    with connect(maintenance, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            return False
    log.info("database created", extra={"database": name})
    return True


def timescaledb_available(conn: Connection) -> bool:
    """Whether the TimescaleDB extension is installed in this database."""
    row = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'").fetchone()
    return row is not None


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    params = conninfo_to_dict(url)
    if "password" in params:
        params["password"] = "***"  # noqa: S105 - the placeholder, not a password
    return make_conninfo("", **params)


def first_line(exc: BaseException) -> str:
    """The first line of an error's message, which is what a person needs."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
