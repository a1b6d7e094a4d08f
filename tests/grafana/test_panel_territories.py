"""Two territories in one database: Grafana shows each its own, by variable and by role.

The scenario's territory is built, every query's result recorded, then the same territory is
built again under a second code (its readings through the broker and the collector, its
policy, alerts and dead letters). Then:

- with the territory variable on the first territory, every query gives what it gave before the
  second territory existed (the installation's ingest batches aside);
- a login that is a member of the first territory's reader role (``vigie grafana role``) gets
  the same, sees only its territory among the options, and, sent the second territory's
  statements, gets what a territory without any data gives;
- the reporting views, read directly by that login, hold nothing of the second territory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
import pytest
from grafana_scenario import CODE, build
from panel_reader import ALL_QUERIES, TIME_BUCKET, Reader, expanded, login
from servers import MosquittoServer, PostgresServer
from typer.testing import CliRunner

from core.errors import NotFound
from grafana.dashboards import Query
from grafana.store import ensure_territory_role, territory_role_name
from vigie.cli import app as cli

SECOND = "grafbourg"
NOWHERE = "nowhere"  # a territory code no territory has
# The installation's ingest batches (shown to readers of every territory only) and the list of
# territories are not one territory's data.
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
            build(owner, url, broker.url, code=SECOND)
            ensure_territory_role(owner, CODE)
            owner.execute("ANALYZE")
        with login(url, scenario, member_of=territory_role_name(CODE)) as first_only:
            yield Two(url, before, everyone, first_only)


def test_the_territory_variable_offers_what_the_login_may_read(two: Two) -> None:
    """Every territory, the first by default, for the installation's login; one for the role."""
    sql = "SELECT code FROM reporting.territories ORDER BY id"
    assert [r[0] for r in two.everyone.run(sql).rows] == [CODE, SECOND]
    assert [r[0] for r in two.first_only.run(sql).rows] == [CODE]


@pytest.mark.parametrize("query", TERRITORIAL, ids=[q.label for q in TERRITORIAL])
def test_the_second_territory_changes_nothing_of_the_first(two: Two, query: Query) -> None:
    """On the first territory, the query gives what it gave before the second one existed."""
    assert results(two.everyone, query) == two.before[query.label]


@pytest.mark.parametrize("query", ALL_QUERIES, ids=[q.label for q in ALL_QUERIES])
def test_a_territory_reader_sees_its_territory(two: Two, query: Query) -> None:
    """The first territory's reader gets the first territory's results; no ingest batches."""
    found = results(two.first_only, query)
    if query in INSTALLATION:
        assert all(v in (0, None) for row in found for v in row if not _is_time(v)), found
    else:
        assert found == two.before[query.label]


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
        other = "true" if view == "ingest_batches" else f"territory = '{SECOND}'"
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
            assert "vigie_grafana_grafbourg created" in first.output
            assert "already present" in again.output
            with psycopg.connect(two.url.replace("postgres@", f"{login_name}@")) as conn:
                rows = conn.execute("SELECT DISTINCT territory FROM reporting.districts")
                assert rows.fetchall() == [(SECOND,)]
            with pytest.raises(NotFound):
                ensure_territory_role(owner, NOWHERE)
        finally:
            owner.execute(f"DROP ROLE {login_name}".encode())


def _is_time(value: object) -> bool:
    return isinstance(value, (datetime, date))
