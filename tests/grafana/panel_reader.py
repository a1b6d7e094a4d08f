"""Grafana's side of the panel tests: a read-only login of ``vigie_grafana`` and expansion.

``expanded`` turns a dashboard query into the statement Grafana sends for a time range, with
every variable on "All" (or on its first option), as the frontend and the datasource do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from frames import Result, column_types, options
from grafana_scenario import Scenario, build
from macros import TimeRange, expand
from servers import MosquittoServer, PostgresServer

from grafana import gotime
from grafana.dashboards import Dashboard, Query, load_dashboards, queries
from grafana.variables import Selection, replace_variables

DASHBOARDS = load_dashboards()
ALL_QUERIES = [q for d in DASHBOARDS for q in queries(d)]
# PostgreSQL 15 without TimescaleDB: time_bucket as TimescaleDB defines it for these widths.
TIME_BUCKET = (
    "CREATE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz)"
    " RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " RETURN date_bin(bucket_width, ts, timestamptz '2000-01-03 00:00:00+00')"
)


@dataclass
class Reader:
    """A connection as Grafana's login role, the scenario, and the options of each variable."""

    conn: psycopg.Connection[tuple[Any, ...]]
    scenario: Scenario
    type_names: dict[int, str]
    owner_url: str
    # Each variable's options, by dashboard, variable and the territory chosen ("" for none).
    options: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def run(self, sql: str) -> Result:
        """One statement in a read-only transaction with a statement timeout."""
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION READ ONLY")
            self.conn.execute("SET LOCAL statement_timeout = '10s'")
            cursor = self.conn.execute(sql.encode())
            assert cursor.description is not None, "the query returns no rows"
            columns = column_types(cursor.description, self.type_names)
            return Result(columns, cursor.fetchall())


@contextmanager
def login(url: str, scenario: Scenario, *, member_of: str = "vigie_grafana") -> Iterator[Reader]:
    """A fresh login role, member of ``member_of``, read-only by default; dropped after use."""
    name = f"grafana_login_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute(f"CREATE ROLE {name} LOGIN IN ROLE {member_of}".encode())
        owner.execute(f"ALTER ROLE {name} SET default_transaction_read_only = on".encode())
        rows = owner.execute("SELECT oid::int, typname::text FROM pg_type").fetchall()
        type_names: dict[int, str] = {int(oid): str(typ) for oid, typ in rows}
    try:
        with psycopg.connect(url.replace("postgres@", f"{name}@"), autocommit=True) as conn:
            yield Reader(conn, scenario, type_names, url)
    finally:
        with psycopg.connect(url, autocommit=True) as owner:
            owner.execute(f"DROP ROLE {name}".encode())


@contextmanager
def scenario_reader(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Reader]:
    """A database holding the scenario, and a login of vigie_grafana on it."""
    name = f"grafana_{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name, template="vigie_template")
    with psycopg.connect(url, autocommit=True) as owner:
        scenario = build(owner, url, broker.url)
        if not postgres.timescaledb:
            owner.execute(TIME_BUCKET)
        owner.execute("ANALYZE")
    with login(url, scenario) as connected:
        yield connected


def expanded(  # noqa: PLR0913 - the query, the variables' choice and the range Grafana sends
    reader: Reader,
    query: Query,
    *,
    every: bool,
    timescaledb: bool,
    step: str,
    span: tuple[datetime, datetime] | None = None,
    territory: str | None = None,
) -> str:
    """The statement Grafana sends for ``query`` with variables on All or on their first option.

    The range is the scenario's unless ``span`` gives another one; the territory is the first
    one the reader may read unless ``territory`` names another.
    """
    dashboard = next(d for d in DASHBOARDS if d.uid == query.dashboard)
    selections = selections_of(reader, dashboard, every=every, territory=territory)
    start, end = span or (reader.scenario.start, reader.scenario.until)
    sql = replace_variables(query.sql, selections, start=start, end=end)
    interval = max(gotime.parse_interval(step), gotime.parse_interval(query.min_interval or "1ms"))
    return expand(sql, TimeRange(start, end), interval, timescaledb=timescaledb).sql


def selections_of(
    reader: Reader, dashboard: Dashboard, *, every: bool, territory: str | None = None
) -> dict[str, Selection]:
    """Each variable of the dashboard on All (every option) or on its first option, in order.

    A variable that is neither multi nor include-all is always on its first option, as Grafana
    selects it by default; ``territory`` chooses the territory instead.
    """
    selections: dict[str, Selection] = {}
    for variable in (q for q in queries(dashboard) if q.kind == "variable"):
        key = (dashboard.uid, variable.name, territory or "")
        if variable.name == "territory" and territory is not None:
            selections[variable.name] = Selection((territory,))
            continue
        if key not in reader.options or every or territory is not None:
            start, end = reader.scenario.start, reader.scenario.until
            sql = replace_variables(variable.sql, selections, start=start, end=end)
            time_range = TimeRange(start, end)
            reader.options[key] = options(
                reader.run(expand(sql, time_range, gotime.HOUR, timescaledb=False).sql)
            )
        multi, include_all = bool(variable.extra["multi"]), bool(variable.extra["includeAll"])
        values = reader.options[key]
        on_all = every and (multi or include_all)
        selections[variable.name] = Selection(
            tuple(values if on_all else values[:1]),
            multi=multi,
            include_all=include_all,
            all_selected=on_all,
        )
    return selections
