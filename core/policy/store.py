"""The SQL of the policy's writers (``core/policy/sql``), and the author of their changes."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from psycopg.rows import dict_row

from core.database import Connection
from core.sql import Queries

QUERIES = Queries.of_package("core.policy")
Params = Mapping[str, Any]


class Outcome(StrEnum):
    """What a write did to the stored row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DELETED = "deleted"


def first_row(conn: Connection, query: str, params: Params) -> tuple[Any, ...] | None:
    """The first row of a query, or None."""
    return conn.execute(QUERIES[query], params).fetchone()


def value(conn: Connection, query: str, params: Params) -> Any:  # noqa: ANN401 - a column of any type
    """The first column of the first row of a query, or None."""
    row = first_row(conn, query, params)
    return None if row is None else row[0]


def dicts(conn: Connection, query: str, params: Params) -> list[dict[str, Any]]:
    """Every row of a query, as dicts keyed by column name."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(QUERIES[query], params).fetchall()


def changed(conn: Connection, query: str, params: Params) -> bool:
    """Run a write that returns a row when it changed something; whether it did."""
    return first_row(conn, query, params) is not None


def set_author(conn: Connection, person_id: int | None, source: str) -> None:
    """Name who makes the transaction's changes and through what, for ``policy_changes``."""
    conn.execute(QUERIES["set_author"], {"person_id": person_id, "source": source})
