"""Reads sent together (``api.store.fetch_together``): each query's rows, in order, or its error."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from api.store import fetch_together
from core.sql import Query

Conn = psycopg.Connection[tuple[object, ...]]


def _values(count: int) -> Query:
    return Query(sql.SQL("SELECT generate_series(1, %(n)s) AS n"), {"n": count})


def test_each_query_gets_its_own_rows_in_order(db_url: str) -> None:
    """Three reads of different lengths, one of them empty, come back each with its rows."""
    with psycopg.connect(db_url) as conn:
        three, none, one = fetch_together(conn, _values(3), _values(0), _values(1))
        assert (three, none, one) == ([{"n": 1}, {"n": 2}, {"n": 3}], [], [{"n": 1}])
        assert fetch_together(conn) == []
        assert conn.execute("SELECT 1").fetchone() == (1,)  # out of pipeline mode again


def test_a_failing_query_raises_its_error_and_the_connection_recovers(db_url: str) -> None:
    """A query that fails raises the database's error; after a rollback the connection reads."""
    broken = Query(sql.SQL("SELECT 1 / %(zero)s AS n"), {"zero": 0})
    with psycopg.connect(db_url) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            fetch_together(conn, _values(2), broken, _values(1))
        conn.rollback()
        assert fetch_together(conn, _values(1)) == [[{"n": 1}]]
