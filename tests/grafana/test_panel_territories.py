"""Two territories in one database: Grafana shows each its own, by variable and by role.

The scenario's territory is built, every query's result recorded, then the same territory is
built again under a second code (its readings through the broker and the collector, its
policy, alerts and dead letters). Then:

- with the territory variable on the first territory, every query gives what it gave before the
  second territory existed (the installation's ingest batches aside);
- a login that is a member of the first territory's reader role (``vigie grafana role``) gets
  the same, sees only its territory among the options, and, sent the second territory's
  statements, gets what a territory without any data gives;
- the reporting views, read directly by that login, hold nothing of the second territory;
- a collector batch mixing both territories (written twice: the redelivery records nothing)
  shows each territory's login its own rows in every collection panel, and the installation's
  login the whole batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
import pytest
from grafana_scenario import CODE, Scenario, build
from panel_reader import ALL_QUERIES, TIME_BUCKET, Reader, expanded, login
from servers import MosquittoServer, PostgresServer
from typer.testing import CliRunner

from collector import store
from collector.ingest import Row
from core.database import connect
from core.errors import NotFound
from grafana.dashboards import Query
from grafana.store import ensure_territory_role, territory_role_name
from vigie.cli import app as cli

SECOND = "grafbourg"
NOWHERE = "nowhere"  # a territory code no territory has
# The collection panels (ingest batches: whole for the installation, by territory for a
# territory's reader) and the list of territories are checked apart.
INSTALLATION = [q for q in ALL_QUERIES if "reporting.ingest_batches" in q.sql]
CHOICES = [q for q in ALL_QUERIES if q.kind == "variable" and q.name == "territory"]
TERRITORIAL = [q for q in ALL_QUERIES if q not in INSTALLATION and q not in CHOICES]


@dataclass
class Two:
    """Results of the first territory alone, and the logins once the second one exists."""

    url: str
    before: dict[str, list[tuple[Any, ...]]]
    everyone: Reader
    first_only: Reader
    second_only: Reader
    # The ingest batches each territory's collector recorded (ids), and the mixed batches' rows
    # of each territory, by kind: (rows, ts_min, ts_max).
    batch_ids: dict[str, tuple[int, int]]
    mixed: dict[str, dict[str, tuple[int, datetime, datetime]]]
    mixed_ids: dict[str, int]


def normal(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows in a fixed order, floats to 9 significant digits (sums may add in another order)."""

    def value(v: object) -> object:
        if isinstance(v, float):
            return float(f"{v:.9g}")
        return v

    return sorted((tuple(value(v) for v in row) for row in rows), key=repr)


def results(reader: Reader, query: Query, territory: str | None = None) -> list[tuple[Any, ...]]:
    """The query's rows with every variable on All, for the first or the given territory."""
    sql = expanded(reader, query, every=True, timescaledb=True, step="1h", territory=territory)
    return normal(reader.run(sql).rows)


@pytest.fixture(scope="module")
def two(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Two]:
    """The first territory, its results, then the second territory and a role for the first."""
    name = f"grafana_{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name, template="vigie_template")
    with psycopg.connect(url, autocommit=True) as owner:
        scenario = build(owner, url, broker.url)
        if not postgres.timescaledb:
            owner.execute(TIME_BUCKET)
    with login(url, scenario) as everyone:
        before = {q.label: results(everyone, q) for q in ALL_QUERIES}
        with psycopg.connect(url, autocommit=True) as owner:
            first_last = last_batch(owner)
            second = build(owner, url, broker.url, code=SECOND)
            batch_ids = {CODE: (0, first_last), SECOND: (first_last, last_batch(owner))}
            mixed, mixed_ids = write_mixed(url, scenario, second)
            ensure_territory_role(owner, CODE)
            ensure_territory_role(owner, SECOND)
            owner.execute("ANALYZE")
        with (
            login(url, scenario, member_of=territory_role_name(CODE)) as first_only,
            login(url, scenario, member_of=territory_role_name(SECOND)) as second_only,
        ):
            yield Two(url, before, everyone, first_only, second_only, batch_ids, mixed, mixed_ids)


def last_batch(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    """The largest ingest batch id so far."""
    row = conn.execute("SELECT coalesce(max(id), 0) FROM ingest_batches").fetchone()
    assert row is not None
    return int(row[0])


def write_mixed(
    url: str, first: Scenario, second: Scenario
) -> tuple[dict[str, dict[str, tuple[int, datetime, datetime]]], dict[str, int]]:
    """One collector batch of lamp and meter readings of both territories, written twice.

    The readings are a month older than the scenario's, so that only the collection panels
    (by commit time) see them. Returns each territory's rows by kind and the batches' ids.
    """
    old = first.start - timedelta(days=30)
    lamp_rows: list[Row] = []
    meter_rows: list[Row] = []
    mixed: dict[str, dict[str, tuple[int, datetime, datetime]]] = {}
    for scenario, lamps, meters in ((first, 3, 1), (second, 2, 2)):
        point = min(scenario.territory.point_ids.values())
        meter = min(scenario.territory.meter_ids.values())
        lamp_ts = [old + timedelta(minutes=10 * i) for i in range(lamps)]
        meter_ts = [old + timedelta(hours=1 + i) for i in range(meters)]
        lamp_rows += [_lamp(point, ts) for ts in lamp_ts]
        meter_rows += [(meter, ts, 100.0) for ts in meter_ts]
        mixed[scenario.territory.code] = {
            "lamp": (lamps, lamp_ts[0], lamp_ts[-1]),
            "meter": (meters, meter_ts[0], meter_ts[-1]),
        }
    conn = connect(url, application="test")
    try:
        store.prepare(conn)
        readings = {"lamp": lamp_rows, "meter": meter_rows}
        committed = store.write_batch(conn, readings, [], "mixed")
        assert store.write_batch(conn, readings, [], "mixed") == []  # the redelivery
    finally:
        conn.close()
    return mixed, {c.kind: c.id for c in committed}


def _lamp(point_id: int, ts: datetime) -> Row:
    return (
        point_id, ts, "on", 40.0, 100, 1000.0, 230.0, 0.2, 0.95, 100.0, 7, False, False, False,
        21.0,
    )  # fmt: skip


def test_the_territory_variable_offers_what_the_login_may_read(two: Two) -> None:
    """Every territory, the first by default, for the installation's login; one for the role."""
    sql = "SELECT code FROM reporting.territories ORDER BY id"
    assert [r[0] for r in two.everyone.run(sql).rows] == [CODE, SECOND]
    assert [r[0] for r in two.first_only.run(sql).rows] == [CODE]


@pytest.mark.parametrize("query", TERRITORIAL, ids=[q.label for q in TERRITORIAL])
def test_the_second_territory_changes_nothing_of_the_first(two: Two, query: Query) -> None:
    """On the first territory, the query gives what it gave before the second one existed."""
    assert results(two.everyone, query) == two.before[query.label]


@pytest.mark.parametrize("query", TERRITORIAL, ids=[q.label for q in TERRITORIAL])
def test_a_territory_reader_sees_its_territory(two: Two, query: Query) -> None:
    """The first territory's reader gets the first territory's results."""
    assert results(two.first_only, query) == two.before[query.label]


WHOLE = (
    "SELECT b.committed_at, b.collector, b.kind, b.rows, b.ts_min, b.ts_max,"
    " extract(epoch FROM b.committed_at - b.ts_max) AS lag_s FROM ingest_batches b"
)
PARTS = (
    "SELECT b.committed_at, b.collector, b.kind, x.rows, x.ts_min, x.ts_max,"
    " extract(epoch FROM b.committed_at - x.ts_max) FROM ingest_batches b"
    " JOIN (VALUES {}) x(id, rows, ts_min, ts_max) ON x.id = b.id"
)


def batches_of(two: Two, territory: str | None) -> str:
    """The rows reporting.ingest_batches should give the territory's reader (None: every one).

    Built from the stored batches, not from their parts by territory: the batches each
    territory's collector committed, and the mixed batches' rows the test wrote for it.
    """
    if territory is None:
        return f"({WHOLE})"
    low, high = two.batch_ids[territory]
    values = ", ".join(
        f"({two.mixed_ids[kind]}, {rows}, '{first.isoformat()}'::timestamptz,"
        f" '{last.isoformat()}'::timestamptz)"
        for kind, (rows, first, last) in two.mixed[territory].items()
    )
    return f"({WHOLE} WHERE b.id > {low} AND b.id <= {high} UNION ALL {PARTS.format(values)})"


@pytest.mark.parametrize("query", INSTALLATION, ids=[q.label for q in INSTALLATION])
def test_each_login_sees_its_collection(two: Two, query: Query) -> None:
    """A territory's reader counts its territories' rows of each batch; the installation all."""
    for reader, territory in (
        (two.first_only, CODE),
        (two.second_only, SECOND),
        (two.everyone, None),
    ):
        sql = expanded(reader, query, every=True, timescaledb=True, step="1h")
        oracle = sql.replace("reporting.ingest_batches", f"{batches_of(two, territory)} AS i")
        with psycopg.connect(two.url, autocommit=True) as owner:
            expected = normal(owner.execute(oracle.encode()).fetchall())
        assert normal(reader.run(sql).rows) == expected, territory


def test_the_collection_differs_by_login(two: Two) -> None:
    """The check above compares something: each login counts other rows, the sum is the whole."""
    sql = "SELECT kind, sum(rows)::int FROM reporting.ingest_batches GROUP BY kind ORDER BY kind"
    first, second, every = (
        r.run(sql).rows for r in (two.first_only, two.second_only, two.everyone)
    )
    assert first != second
    assert [(k, a + b) for (k, a), (_, b) in zip(first, second, strict=True)] == every
    mixed = (
        "SELECT rows FROM reporting.ingest_batches WHERE collector = 'mixed' ORDER BY kind, rows"
    )
    assert [r[0] for r in two.first_only.run(mixed).rows] == [3, 1]
    assert [r[0] for r in two.second_only.run(mixed).rows] == [2, 2]
    assert [r[0] for r in two.everyone.run(mixed).rows] == [5, 3]


@pytest.mark.parametrize("query", TERRITORIAL, ids=[q.label for q in TERRITORIAL])
def test_a_territory_reader_sent_the_other_territory_gets_nothing(two: Two, query: Query) -> None:
    """The second territory's statements give its reader what a territory without data gives."""
    sql = expanded(two.everyone, query, every=True, timescaledb=True, step="1h", territory=SECOND)
    empty = sql.replace(f"'{SECOND}'", f"'{NOWHERE}'")
    assert normal(two.first_only.run(sql).rows) == normal(two.everyone.run(empty).rows)


def test_the_second_territory_has_data_in_most_queries(two: Two) -> None:
    """The check above compares something: the second territory's own results are not empty."""
    differ = 0
    for query in TERRITORIAL:
        sql = expanded(
            two.everyone, query, every=True, timescaledb=True, step="1h", territory=SECOND
        )
        empty = sql.replace(f"'{SECOND}'", f"'{NOWHERE}'")
        differ += normal(two.everyone.run(sql).rows) != normal(two.everyone.run(empty).rows)
    assert differ >= len(TERRITORIAL) * 3 // 4, (differ, len(TERRITORIAL))


def reporting_views(reader: Reader) -> list[str]:
    """The reporting views that carry a territory."""
    sql = (
        "SELECT table_name::text FROM information_schema.columns"
        " WHERE table_schema = 'reporting' AND column_name = 'territory' ORDER BY 1"
    )
    return [r[0] for r in reader.run(sql).rows]


def test_the_views_hold_nothing_of_the_other_territory_for_its_reader(two: Two) -> None:
    """Read directly, even after SET ROLE vigie_grafana, no view shows the second territory."""
    views = reporting_views(two.everyone)
    assert len(views) >= 20
    for view in [*views, "ingest_batches"]:
        other = "collector = 'mixed' AND rows <> 1 AND rows <> 3"
        other = other if view == "ingest_batches" else f"territory = '{SECOND}'"
        sql = f"SELECT count(*) FROM reporting.{view} WHERE {other}"  # noqa: S608 - names of views
        assert two.first_only.run(sql).rows == [(0,)], view
        with two.first_only.conn.transaction():
            two.first_only.conn.execute("SET LOCAL ROLE vigie_grafana")
            assert two.first_only.conn.execute(sql.encode()).fetchone() == (0,), view


def test_the_role_command_makes_a_reader_of_one_territory(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``vigie grafana role --territory CODE --login NAME``, twice; an unknown territory fails."""
    login_name = f"grafana_{SECOND}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(two.url, autocommit=True) as owner:
        owner.execute(f"CREATE ROLE {login_name} LOGIN".encode())
        try:
            monkeypatch.setenv("VIGIE_DATABASE_URL", two.url)
            args = ["grafana", "role", "--territory", SECOND, "--login", login_name]
            first, again = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
            assert first.exit_code == 0, first.output
            # The fixture made the role for the second territory's reader: it is recorded again.
            assert "vigie_grafana_grafbourg already present" in first.output
            assert "already present" in again.output
            with psycopg.connect(two.url.replace("postgres@", f"{login_name}@")) as conn:
                rows = conn.execute("SELECT DISTINCT territory FROM reporting.districts")
                assert rows.fetchall() == [(SECOND,)]
            with pytest.raises(NotFound):
                ensure_territory_role(owner, NOWHERE)
        finally:
            owner.execute(f"DROP ROLE {login_name}".encode())
