"""The API's only door to the database for tokens, the territory and health; helpers for the rest.

Rows come back as dicts keyed by column name; the routes turn them into ``*Out`` models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row

from core.database import Connection
from core.errors import InvalidInput, Problem
from core.sql import Queries, Query

QUERIES = Queries.of_package("api")
Row = dict[str, Any]


def rows(conn: Connection, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
    """Every row of query ``name``."""
    return fetch(conn, query(name, params))


def query(name: str, params: Mapping[str, Any] | None = None) -> Query:
    """Query ``name`` with its parameters, not run yet."""
    return Query(QUERIES[name], params or {})


def fetch(conn: Connection, wanted: Query) -> list[Row]:
    """Every row of a query."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(wanted.text, wanted.params).fetchall()


def fetch_together(conn: Connection, *queries: Query) -> list[list[Row]]:
    """Every row of each query, in order; the queries are sent at once and answered together.

    psycopg's pipeline mode: a page made of several independent reads waits for the database
    once instead of once a read. On a busy machine each wait is a turn in the scheduler's
    queue, which is what made such pages slow under load.
    """
    cursors = [conn.cursor(row_factory=dict_row) for _ in queries]
    try:
        with conn.pipeline():
            for cur, each in zip(cursors, queries, strict=True):
                cur.execute(each.text, each.params)
        return [cur.fetchall() for cur in cursors]
    finally:
        for cur in cursors:
            cur.close()


def one(conn: Connection, name: str, params: Mapping[str, Any] | None = None) -> Row | None:
    """The first row of query ``name``, or None."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(QUERIES[name], params or {}).fetchone()


def execute(conn: Connection, name: str, params: Mapping[str, Any] | None = None) -> int:
    """Run query ``name``; return how many rows it changed."""
    return conn.execute(QUERIES[name], params or {}).rowcount


def scalar(conn: Connection, name: str, params: Mapping[str, Any] | None = None) -> Any:  # noqa: ANN401 - a column of any type
    """The first column of the first row of query ``name``, or None."""
    row = conn.execute(QUERIES[name], params or {}).fetchone()
    return None if row is None else row[0]


def territory(conn: Connection, code: str) -> Row | None:
    """The territory with this code: id, code, name, timezone."""
    return one(conn, "territory", {"territory": code})


def territories(conn: Connection) -> list[Row]:
    """Every territory: id, code, name, timezone."""
    return rows(conn, "territories")


def known_territories(conn: Connection, codes: Sequence[str]) -> list[str]:
    """``codes``, once each, if every one names a territory; InvalidInput naming the others."""
    unknown = [str(r["code"]) for r in rows(conn, "unknown_territories", {"codes": list(codes)})]
    if unknown:
        raise InvalidInput(
            f"no territory {', '.join(unknown)} in this installation",
            [Problem("--territory", f"no territory {code}") for code in unknown],
        )
    return sorted(set(codes))


def territory_people(conn: Connection, territory_id: int) -> set[int]:
    """The ids of the people who may see a territory."""
    return {
        int(r["person_id"]) for r in rows(conn, "territory_people", {"territory_id": territory_id})
    }


def token_by_hash(conn: Connection, token_sha256: str) -> Row | None:
    """The token with this hash (id, role, person, revoked, expired, territory ids); no lock."""
    return one(conn, "token_by_hash", {"token_sha256": token_sha256})


def touch_tokens(conn: Connection, ids: list[int]) -> None:
    """Record that the tokens ``ids`` were used now (at most once a minute each)."""
    execute(conn, "touch_tokens", {"ids": ids})


def insert_token(  # noqa: PLR0913 - the token's hash, prefix and what it grants to whom
    conn: Connection,
    *,
    token_sha256: str,
    prefix: str,
    role: str,
    person_id: int | None,
    label: str | None,
    territories: Sequence[str],
    expires_at: datetime | None = None,
) -> int:
    """Store a new token's hash (never expiring without ``expires_at``); return its id.

    The token sees the ``territories`` named by code (an unknown code gives it nothing).
    """
    params = {
        "territories": list(territories),
        "token_sha256": token_sha256,
        "prefix": prefix,
        "role": role,
        "person_id": person_id,
        "label": label,
        "expires_at": expires_at,
    }
    return int(scalar(conn, "insert_token", params))


def revoke_token(conn: Connection, token_id: int) -> bool:
    """Revoke a live token; False when there is no such live token."""
    return scalar(conn, "revoke_token", {"id": token_id}) is not None


def tokens(conn: Connection) -> list[Row]:
    """Every token, newest first, without any secret."""
    return rows(conn, "tokens")


def ping(conn: Connection) -> None:
    """Run the smallest query."""
    conn.execute(QUERIES["ping"])


def collector_lag_s(conn: Connection) -> float | None:
    """Seconds since the last committed batch of readings."""
    lag = scalar(conn, "collector_lag")
    return None if lag is None else float(lag)
