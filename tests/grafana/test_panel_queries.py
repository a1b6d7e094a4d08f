"""Every query of every dashboard, expanded as Grafana does and run as Grafana's role.

The database is filled through the broker and the real collector (``grafana_scenario``). Each
panel target, variable query and annotation query is expanded by the port of Grafana's engine,
with every variable on "All" and on its first option, with and without the TimescaleDB flag,
and run read-only as a login role that is a member of ``vigie_grafana``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest
from frames import Result, problems
from grafana_scenario import CODE, POWER_W
from panel_reader import ALL_QUERIES, Reader, expanded, scenario_reader
from servers import MosquittoServer, PostgresServer

from grafana.dashboards import Query


@pytest.fixture(scope="module")
def reader(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Reader]:
    """The scenario's database and a connection as a login member of vigie_grafana."""
    with scenario_reader(postgres, broker) as connected:
        yield connected


@pytest.mark.parametrize("query", ALL_QUERIES, ids=[q.label for q in ALL_QUERIES])
def test_query_runs_as_grafana_with_the_shape_its_panel_needs(reader: Reader, query: Query) -> None:
    """Expanded as Grafana does, the query runs read-only as Grafana's role and fits its panel."""
    for every, timescaledb, step in ((True, True, "1h"), (False, False, "1m")):
        sql = expanded(reader, query, every=every, timescaledb=timescaledb, step=step)
        assert "$" not in sql.replace("$$", ""), f"unexpanded variable or macro in {sql}"
        result = reader.run(sql)
        found = problems(result, query.format, query.panel_type, query.kind)
        assert not found, f"{query.label}: {found}\n{sql}"


def panel_result(reader: Reader, dashboard: str, title: str, ref: str = "A") -> Result:
    """The result of one panel target with every variable on All."""
    query = next(
        q for q in ALL_QUERIES if q.dashboard == dashboard and q.name == title and q.ref_id == ref
    )
    return reader.run(expanded(reader, query, every=True, timescaledb=True, step="1h"))


def test_power_by_district_is_the_sum_of_the_points(reader: Reader) -> None:
    """Before the failure, district power is points x nominal power, and a week before too."""
    title = "Puissance appelée par quartier (S-1 en pointillés)"
    at = reader.scenario.end - timedelta(hours=30)
    for ref, prefix in (("A", ""), ("B", "S-1 ")):
        result = panel_result(reader, "vigie-eclairage", title, ref)
        rows = {(r[0], r[1]): r[2] for r in result.rows}
        assert rows[(at, f"{prefix}{CODE}-D0")] == pytest.approx(5 * POWER_W[0] / 1000)
        assert rows[(at, f"{prefix}{CODE}-D1")] == pytest.approx(4 * POWER_W[1] / 1000)
    late = reader.scenario.end - timedelta(hours=3)
    current = panel_result(reader, "vigie-eclairage", title, "A").rows
    power = {(r[0], r[1]): r[2] for r in current}
    assert power[(late, f"{CODE}-D0")] == pytest.approx(4 * POWER_W[0] / 1000)


def test_light_points_by_state(reader: Reader) -> None:
    """The last state of each point: on, failing (lamp failure), silent (never reported)."""
    result = panel_result(reader, "vigie-eclairage", "Points par état")
    assert dict(result.rows) == {"allumé": 8, "en panne": 1, "muet": 1}


def test_sodium_points_remaining(reader: Reader) -> None:
    """Every point of district 1 is HPS, the silent one included."""
    result = panel_result(reader, "vigie-eclairage", "Points SHP restants")
    assert result.rows == [(5,)]


def test_energy_of_a_whole_night_by_district(reader: Reader) -> None:
    """A whole local day in the middle of the range: 24 h x points x power, from the rollups."""
    result = panel_result(reader, "vigie-eclairage", "Énergie par nuit et par quartier")
    middle = (reader.scenario.end - timedelta(days=4)).date()
    energy = {(r[0].date(), r[1]): r[2] for r in result.rows}
    assert energy[(middle, f"{CODE}-D0")] == pytest.approx(24 * 5 * POWER_W[0] / 1000, rel=1e-3)
    assert energy[(middle, f"{CODE}-D1")] == pytest.approx(24 * 4 * POWER_W[1] / 1000, rel=1e-3)


def test_open_alerts_by_severity_worst_first(reader: Reader) -> None:
    """Open and acknowledged alerts count; the resolved one does not; worst severity first."""
    result = panel_result(reader, "vigie-alertes", "Alertes ouvertes par gravité")
    assert result.rows == [("high", 1), ("medium", 1)]


def test_median_time_to_acknowledge(reader: Reader) -> None:
    """Acknowledged 2 h and 1 h after opening: the medians by opening day."""
    result = panel_result(reader, "vigie-alertes", "Délais médians d'acquittement et de résolution")
    acks = sorted(r[1] for r in result.rows if r[1] is not None)
    assert acks == [pytest.approx(1.0), pytest.approx(2.0)]
    assert sorted(r[2] for r in result.rows if r[2] is not None) == [pytest.approx(4.0)]


def test_dead_letters_by_reason(reader: Reader) -> None:
    """The three unparseable messages are pending dead letters of one reason."""
    title = "Lettres mortes en attente et rejouées par raison"
    result = panel_result(reader, "vigie-collecte", title)
    assert [r[:3] for r in result.rows] == [("json_invalid", 3, 0)]


def test_mission_budget_adds_its_actions(reader: Reader) -> None:
    """A mission's budget is its own line plus its actions' lines."""
    result = panel_result(reader, "vigie-politique", "Budget par mission")
    assert result.rows == [("M03", 105_000.0, 60_000.0, 25_000.0)]


def test_action_milestone_annotates_the_energy_panels(reader: Reader) -> None:
    """The renovation's works start three days before the end, at midnight in Paris."""
    annotation = next(
        q for q in ALL_QUERIES if q.dashboard == "vigie-eclairage" and q.kind == "annotation"
    )
    result = reader.run(expanded(reader, annotation, every=True, timescaledb=True, step="1h"))
    works = [r for r in result.rows if "A03-01" in r[2] and "works" in r[3]]
    assert len(works) == 1
    start = works[0][0]
    assert start.date() == (reader.scenario.end - timedelta(days=3)).date() - timedelta(
        days=1 if start.hour == 23 else 0  # midnight in Paris is 23:00 UTC in winter
    )


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT count(*) FROM public.lamp_readings",
        "SELECT count(*) FROM public.people",
        "DELETE FROM reporting.alerts",
        "CREATE TABLE reporting.x (a int)",
        "CREATE TEMP TABLE x (a int)",
    ],
)
def test_grafana_role_reads_reporting_views_only(reader: Reader, statement: str) -> None:
    """The login role can neither read the tables nor write anything."""
    with pytest.raises(psycopg.Error):
        reader.run(statement)


def test_failures_and_day_burners_over_the_last_day(reader: Reader) -> None:
    """One failing point and one day burner per hour of the last day, none before."""
    result = panel_result(reader, "vigie-eclairage", "Pannes et allumages diurnes")
    late = reader.scenario.end - timedelta(hours=3)
    assert [r[1:] for r in result.rows if r[0] == late] == [(1, 1)]
    assert all(r[0] > reader.scenario.end - timedelta(days=1, hours=1) for r in result.rows)


def test_sodium_plan_by_cabinet_has_every_sodium_point_once(reader: Reader) -> None:
    """The plan panel's cabinets add up to the sodium points, each with a failure probability."""
    result = panel_result(reader, "vigie-eclairage", "Plan SHP : armoires par priorité")
    assert sum(int(str(r[2])) for r in result.rows) == 5
    assert all(0 <= float(str(r[6])) <= 1 for r in result.rows)


def test_sodium_points_by_day_count_the_equipment_history(reader: Reader) -> None:
    """Each day counts the HPS equipment valid that day: district 1's five points throughout."""
    result = panel_result(
        reader, "vigie-eclairage", "Points SHP restants et rythme nécessaire jusqu'au 24/02/2027"
    )
    assert len(result.rows) >= 9
    assert {r[1] for r in result.rows} == {5}
