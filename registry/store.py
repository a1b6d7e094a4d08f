"""The registry's only SQL: reference territories, inventories and the policy tree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from psycopg import Cursor

from core.database import Connection
from core.sql import Queries

QUERIES = Queries.of_package("registry")

Params = Mapping[str, Any]


def lock_seed(conn: Connection) -> None:
    """Serialise seeding for the rest of the transaction."""
    conn.execute(QUERIES["lock_seed"])


def territory_id(conn: Connection, code: str) -> int | None:
    """The territory's id, or None when it is not registered."""
    row = conn.execute(QUERIES["territory_id"], {"code": code}).fetchone()
    return int(row[0]) if row else None


def insert_returning_id(conn: Connection, query: str, params: Params) -> int:
    """Run one of the ``insert_*`` queries that return an id."""
    row = conn.execute(QUERIES[query], params).fetchone()
    if row is None:
        raise RuntimeError(f"{query} returned no id")
    return int(row[0])


def execute(conn: Connection, query: str, params: Params) -> None:
    """Run one named statement."""
    conn.execute(QUERIES[query], params)


def copy_rows(conn: Connection, query: str, rows: Iterable[Sequence[object]]) -> int:
    """COPY rows with the named ``copy_*`` statement; return how many were written."""
    count = 0
    with conn.cursor() as cur, cur.copy(QUERIES[query]) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def ids_by_code(conn: Connection, query: str, params: Params | None = None) -> dict[str, int]:
    """A code → id map from one of the ``*_ids`` queries."""
    cur: Cursor[tuple[Any, ...]] = conn.execute(QUERIES[query], params or {})
    return {str(code): int(id_) for code, id_ in cur}


def territory_summary(conn: Connection, territory: int) -> dict[str, int]:
    """Counts of light points, sodium points, buildings and actions of a territory."""
    cur = conn.execute(QUERIES["territory_summary"], {"territory_id": territory})
    row = cur.fetchone()
    names = [c.name for c in cur.description or []]
    return dict(zip(names, (int(v) for v in row or ()), strict=True))


def light_points_for_import(conn: Connection) -> list[dict[str, Any]]:
    """Every light point with its place and current equipment, as dicts."""
    cur = conn.execute(QUERIES["light_points_for_import"])
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur]


def record_declaration(conn: Connection, params: Params) -> bool:
    """Record a building's OPERAT declaration; False when the building is unknown."""
    return conn.execute(QUERIES["record_declaration"], params).fetchone() is not None
