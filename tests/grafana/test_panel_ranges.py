"""Panels at a year's volume: beyond two days, no query reads raw readings over its range.

Every panel, variable and annotation query is planned (EXPLAIN, never run) as Grafana's role for
the last 6 hours, 7 days, 30 days and a year. Beyond ``RAW_UP_TO`` a plan may touch a raw
readings table (``lamp_readings_stored``, behind the view ``lamp_readings``; ``cabinet_readings``,
``meter_readings``; their partitions or chunks) only to look up the latest reading of each point
or meter: an index scan under a ``LIMIT``, whose cost does not grow with the range. Range scans of
raw readings are for live ranges only; longer ranges read the rollups the aggregation writes, and
the panels that switch give the same figures from both where both exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import psycopg
import pytest
from building_panels import OCCUPANCY_PANELS, hourly, panel
from grafana_scenario import CODE, FAILING, POWER_W, STEP
from panel_reader import ALL_QUERIES, Reader, expanded, scenario_reader
from servers import MosquittoServer, PostgresServer

from grafana.dashboards import Query

RAW_UP_TO = timedelta(days=2)  # the dashboards' threshold: beyond it, rollups
RAW_TABLES = {"lamp_readings_stored", "cabinet_readings", "meter_readings"}
# Range and the interval Grafana gives a panel about 1,000 points wide.
RANGES = {
    "6h": (timedelta(hours=6), "30s"),
    "7d": (timedelta(days=7), "10m"),
    "30d": (timedelta(days=30), "1h"),
    "1y": (timedelta(days=365), "12h"),
}
INDEX_SCANS = {"Index Scan", "Index Only Scan"}


@pytest.fixture(scope="module")
def reader(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Reader]:
    """The scenario's database and a connection as a login member of vigie_grafana."""
    with scenario_reader(postgres, broker) as connected:
        yield connected


def plan_nodes(
    node: dict[str, Any], ancestors: tuple[str, ...] = ()
) -> Iterator[tuple[dict[str, Any], tuple[str, ...]]]:
    """Every node of a JSON plan with the node types above it."""
    yield node, ancestors
    for child in node.get("Plans", []):
        yield from plan_nodes(child, (*ancestors, node["Node Type"]))


def root_table(reader: Reader, schema: str, name: str) -> str:
    """The table a partition or chunk belongs to (itself when it belongs to none)."""
    with reader.conn.transaction():
        row = reader.conn.execute(
            "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s",
            (schema, name),
        ).fetchone()
        assert row is not None, (schema, name)
        oid = row[0]
        while parent := reader.conn.execute(
            "SELECT inhparent FROM pg_inherits WHERE inhrelid = %s", (oid,)
        ).fetchone():
            oid = parent[0]
        found = reader.conn.execute("SELECT relname::text FROM pg_class WHERE oid = %s", (oid,))
        return str(found.fetchone()[0])  # type: ignore[index]


def raw_reads(reader: Reader, sql: str, *, owner: bool = False) -> list[tuple[str, str, bool]]:
    """Each raw readings table the plan reads: table, node type, and whether it is a lookup.

    A function of the reporting schema is opaque to EXPLAIN: its body is planned in its place
    (``function_body``), as its owner; one outside the known ones fails the test.
    """
    explain = "EXPLAIN (VERBOSE, FORMAT JSON) " + sql
    if owner:
        with psycopg.connect(reader.owner_url) as conn:
            (plan,) = conn.execute(explain.encode()).fetchone()[0]  # type: ignore[index]
    else:
        (plan,) = reader.run(explain).rows[0][0]
    found = []
    for node, ancestors in plan_nodes(plan["Plan"]):
        if node["Node Type"] == "Function Scan" and node.get("Schema") == "reporting":
            found += raw_reads(reader, function_body(reader, node), owner=True)
        if "Relation Name" not in node:
            continue
        table = root_table(reader, node["Schema"], node["Relation Name"])
        if table in RAW_TABLES:
            # TimescaleDB's ChunkAppend only chooses chunks: its children are judged themselves.
            appends = node.get("Custom Plan Provider") == "ChunkAppend"
            lookup = (node["Node Type"] in INDEX_SCANS or appends) and "Limit" in ancestors
            found.append((table, node["Node Type"], lookup))
    return found


READING_FUNCTIONS = {"latest_lamp_readings"}


def function_body(reader: Reader, node: dict[str, Any]) -> str:
    """The body of a reporting function with the call's arguments in place of $1, $2..."""
    name = node["Function Name"]
    assert name in READING_FUNCTIONS, f"reporting.{name} is not a function this test knows"
    call = node["Function Call"]
    arguments = call[call.index("(") + 1 : call.rindex(")")]
    values = [a.strip() for a in re.split(r",(?=(?:[^']*'[^']*')*[^']*$)", arguments)]
    with reader.conn.transaction():
        row = reader.conn.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s"
            " AND pronamespace = 'reporting'::regnamespace",
            (name,),
        ).fetchone()
    assert row is not None
    body = str(row[0])
    for index in range(len(values), 0, -1):
        body = body.replace(f"${index}", values[index - 1])
    return body


def span_ending(reader: Reader, length: timedelta) -> tuple[datetime, datetime]:
    """A range of ``length`` ending when the scenario's data ends, as "the last ..." would."""
    return reader.scenario.until - length, reader.scenario.until


@pytest.mark.parametrize("query", ALL_QUERIES, ids=[q.label for q in ALL_QUERIES])
def test_long_ranges_read_no_raw_readings(reader: Reader, query: Query) -> None:
    """At 7 days, 30 days and a year the plan scans no raw readings table; at 6 h it may."""
    for name, (length, step) in RANGES.items():
        span = span_ending(reader, length)
        for every in (True, False):
            sql = expanded(reader, query, every=every, timescaledb=True, step=step, span=span)
            scans = [r for r in raw_reads(reader, sql) if not r[2]]
            if length > RAW_UP_TO:
                assert not scans, f"{query.label} at {name} reads raw readings: {scans}\n{sql}"


def query_named(dashboard: str, title: str, ref: str = "A") -> Query:
    """One panel target."""
    return next(
        q for q in ALL_QUERIES if q.dashboard == dashboard and q.name == title and q.ref_id == ref
    )


POWER = query_named("vigie-eclairage", "Puissance appelée par quartier (S-1 en pointillés)")
FAILURES = query_named("vigie-eclairage", "Pannes et allumages diurnes")
TEMPERATURE = query_named("vigie-batiments", "Température intérieure (consigne 19 °C)")


def test_the_check_sees_raw_readings_in_live_ranges(reader: Reader) -> None:
    """At 6 h the power panel scans raw lamp readings: the plan check does see them."""
    span = span_ending(reader, timedelta(hours=6))
    sql = expanded(reader, POWER, every=True, timescaledb=True, step="1m", span=span)
    reads = raw_reads(reader, sql)
    assert any(table == "lamp_readings_stored" and not lookup for table, _, lookup in reads), reads


def by_hour(reader: Reader, query: Query, length: timedelta) -> dict[tuple[Any, ...], Any]:
    """The panel over the ``length`` before the scenario's end, hour by hour, keyed by row."""
    end = reader.scenario.end
    sql = expanded(reader, query, every=True, timescaledb=True, step="1h", span=(end - length, end))
    return {tuple(row[:-1]): row[-1] for row in reader.run(sql).rows}


def hours_away_from_the_edges(reader: Reader, keys: list[tuple[Any, ...]]) -> list[Any]:
    """Keys of whole hours inside the raw range, away from the hour the failing point stops."""
    end, turn = reader.scenario.end, reader.scenario.end - timedelta(days=1)
    return [
        key
        for key in keys
        if abs((key[0] - turn).total_seconds()) > 3600
        and end - key[0] >= timedelta(hours=2)
        and key[0] - (end - RAW_UP_TO) >= timedelta(hours=1)
    ]


def test_power_from_the_districts_hours_is_the_power_of_the_raw_readings(reader: Reader) -> None:
    """Over the same hours, the rollup branch (beyond 2 days) agrees with the raw branch.

    The hour in which the failing point stops drawing power is left out: its raw reading at the
    start of the hour still shows power, while its counter no longer moves.
    """
    raw = by_hour(reader, POWER, RAW_UP_TO)
    rolled = by_hour(reader, POWER, RAW_UP_TO + timedelta(hours=6))
    common = hours_away_from_the_edges(reader, [k for k in raw if k in rolled])
    assert len(common) >= 80
    for key in common:
        assert rolled[key] == pytest.approx(raw[key], rel=1e-6), key


def test_temperature_from_the_meters_hours_is_the_mean_of_the_raw_readings(reader: Reader) -> None:
    """An hour's rolled-up mean is the reading that closes it (readings every hour).

    The meter rollup weights each reading of an instant meter over the period that ends with it,
    so the hour [h, h + 1 h) holds the reading at h + 1 h.
    """
    raw = by_hour(reader, TEMPERATURE, RAW_UP_TO)
    rolled = by_hour(reader, TEMPERATURE, RAW_UP_TO + timedelta(hours=6))
    hour = timedelta(hours=1)
    common = hours_away_from_the_edges(reader, [k for k in raw if (k[0] - hour, k[1]) in rolled])
    assert len(common) >= 40
    assert {raw[k] for k in common} == {17.0, 20.0}
    for time, building in common:
        assert rolled[(time - hour, building)] == pytest.approx(raw[(time, building)]), time


def test_power_of_a_district_from_its_hours(reader: Reader) -> None:
    """Beyond 2 days: points x nominal power before the failure, one point fewer after it."""
    rolled = by_hour(reader, POWER, timedelta(days=7))
    before = reader.scenario.end - timedelta(hours=30)
    after = reader.scenario.end - timedelta(hours=3)
    assert rolled[(before, f"{CODE}-D0")] == pytest.approx(5 * POWER_W[0] / 1000)
    assert rolled[(before, f"{CODE}-D1")] == pytest.approx(4 * POWER_W[1] / 1000)
    assert rolled[(after, f"{CODE}-D0")] == pytest.approx(4 * POWER_W[0] / 1000)


def test_failures_from_the_districts_hours_match_the_raw_readings(reader: Reader) -> None:
    """One failing point and one day burner in each hour of the last day, from both branches."""
    end = reader.scenario.end
    for length in (RAW_UP_TO, timedelta(days=30)):
        sql = expanded(
            reader, FAILURES, every=True, timescaledb=True, step="1h", span=(end - length, end)
        )
        rows = {r[0]: r[1:] for r in reader.run(sql).rows}
        hours = [end - timedelta(hours=h) for h in range(1, 23)]
        assert [rows.get(h) for h in hours] == [(1, 1)] * len(hours), (length, FAILING, STEP)
        assert all(t >= end - timedelta(days=1) for t, v in rows.items() if v != (0, 0))


def test_state_panels_look_up_the_latest_reading_of_each_point(reader: Reader) -> None:
    """Over a year, the points' states come from one index probe per point, through a function."""
    query = query_named("vigie-eclairage", "Points par état")
    span = span_ending(reader, timedelta(days=365))
    sql = expanded(reader, query, every=True, timescaledb=True, step="12h", span=span)
    reads = raw_reads(reader, sql)
    assert reads, "the function's body is planned too"
    assert all(lookup for _, _, lookup in reads), reads


HOURLY_METER_ROLLUPS = "meter_rollups_hourly"
BUILDING_DAYS = [*(panel(title) for title in OCCUPANCY_PANELS), TEMPERATURE]


def meter_hours_read(reader: Reader, sql: str) -> int:
    """Rows of the meters' hourly rollups the statement reads, run (EXPLAIN ANALYZE) as Grafana.

    Rows a scan reads and drops (a filter, a recheck) count as read.
    """
    (plan,) = reader.run("EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) " + sql).rows[0][0]
    read = 0
    for node, _ in plan_nodes(plan["Plan"]):
        if "Relation Name" not in node:
            continue
        if root_table(reader, node["Schema"], node["Relation Name"]) == HOURLY_METER_ROLLUPS:
            dropped = node.get("Rows Removed by Filter", 0)
            dropped += node.get("Rows Removed by Index Recheck", 0)
            read += (node["Actual Rows"] + dropped) * node["Actual Loops"]
    return read


@pytest.mark.parametrize("query", BUILDING_DAYS, ids=[q.label for q in BUILDING_DAYS])
def test_a_year_of_a_buildings_panel_reads_two_days_of_meter_hours_at_most(
    reader: Reader, query: Query
) -> None:
    """Over a year the occupancy and temperature panels read building days, and edge hours.

    They read hours only at the range's ends.
    The scenario's meters (one electricity, one indoor temperature) hold 9 days of hours: the
    panel reading every hour reads them all, the panel now at most the two partial UTC days
    at the ends of its range.
    """
    span = span_ending(reader, timedelta(days=365))
    for timescaledb in (True, False):
        new, old = (
            expanded(reader, q, every=True, timescaledb=timescaledb, step="12h", span=span)
            for q in (query, hourly(query))
        )
        assert meter_hours_read(reader, old) >= 8 * 24, old
        assert meter_hours_read(reader, new) <= 2 * 24, new
