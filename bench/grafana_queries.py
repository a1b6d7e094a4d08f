"""Benchmark of every dashboard query on the whole Angers fleet at 6 h, 7 d, 30 d and a year.

Run by hand; prints figures (docs/performance.md, "Grafana panels by range").

1. Seeds Angers (about 50,000 light points, the policy tree) and a generated second territory
   (5,000 points) in a throw-away PostgreSQL.
2. ``--days`` days (default 2) of light-point readings for every Angers point every 10 minutes
   and of its indoor-temperature meters every hour, written directly (with the points' latest
   readings, as the collector keeps them); a year of the districts' hours and days and of the
   meters' hourly means, as the aggregation keeps them, and the buildings' days the
   aggregation sums from those hours (``recompute_building_daily``).
3. Every panel, variable and annotation query, expanded as Grafana does with every variable on
   "All" and the territory on Angers, over the last 6 hours, 7 days, 30 days and a year: planned
   (EXPLAIN) to list any raw readings table scanned beyond 2 days, then timed, as a login of
   ``vigie_grafana`` and as a login of Angers' territory role (``vigie grafana role``). Over a
   year, the buildings' occupancy and temperature panels are timed too as they read every
   meter hour (``tests/grafana/hourly_panels``), before and after.

    .venv/bin/python bench/grafana_queries.py [--days 2] [--ranges 6h,7d] [--repeat 3]
                                              [--show "Points,muets"]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "grafana")]

import psycopg  # noqa: E402 - after the path is set
from building_panels import HOURLY_PANELS, REFERENCES  # noqa: E402 - after the path is set
from macros import TimeRange, expand  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation.store import QUERIES  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from grafana import gotime  # noqa: E402 - after the path is set
from grafana.dashboards import Query, load_dashboards, queries  # noqa: E402 - after the path is set
from grafana.store import ensure_territory_role  # noqa: E402 - after the path is set
from grafana.variables import Selection, replace_variables  # noqa: E402 - after the path is set
from registry.generated import TerritoryPlan, seed_generated  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

ANGERS = "angers"
READINGS = """
INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, power_state, power_dw,
                                  energy_wh, lamp_failure, day_burner)
SELECT lp.id, ts, 1000, 'on', round(lp.nominal_power_w * 10), 0, lp.id %% 997 = 0,
       lp.id %% 1999 = 0
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '10 minutes') ts
WHERE t.code = 'angers'
"""
# Each point's latest reading, as the collector keeps it with the readings it writes.
LATEST = """
INSERT INTO lamp_latest (light_point_id, ts, received_at, power_state, power_w, energy_wh,
                         lamp_failure, day_burner)
SELECT DISTINCT ON (light_point_id) light_point_id, ts, received_at, power_state, power_w,
       energy_wh, lamp_failure, day_burner
FROM lamp_readings
WHERE ts > %(start)s
ORDER BY light_point_id, ts DESC
ON CONFLICT (light_point_id) DO NOTHING
"""
METER_READINGS = """
INSERT INTO meter_readings (meter_id, ts, value)
SELECT m.id, ts, 19 + extract(hour FROM ts)::int %% 3
FROM meters m
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '1 hour') ts
WHERE m.quantity = 'indoor_temperature'
"""
DISTRICT_HOURS = """
INSERT INTO district_lamp_hourly (district_id, hour_start, energy_wh, covered_point_hours,
                                  points, failing_points, day_burner_points)
SELECT d.district_id, h, d.watts, d.points, d.points, d.failing, d.burners
FROM (SELECT district_id, sum(nominal_power_w) AS watts, count(*) AS points,
             count(*) FILTER (WHERE id %% 997 = 0) AS failing,
             count(*) FILTER (WHERE id %% 1999 = 0) AS burners
      FROM light_points_current GROUP BY district_id) d
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '1 hour') h
"""
DISTRICT_DAYS = """
INSERT INTO district_lamp_daily (district_id, day, energy_wh, covered_point_days, points)
SELECT d.district_id, day::date, d.watts * 12, d.points, d.points
FROM (SELECT district_id, sum(nominal_power_w) AS watts, count(*) AS points
      FROM light_points_current GROUP BY district_id) d
CROSS JOIN generate_series(%(start)s::date, %(end)s::date, interval '1 day') day
"""
METER_HOURS = """
INSERT INTO meter_rollups_hourly (meter_id, hour_start, value, coverage)
SELECT m.id, h, CASE WHEN m.quantity = 'indoor_temperature' THEN 19.5 ELSE 1.0 END, 1.0
FROM meters m
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '1 hour') h
"""
TIME_BUCKET = (
    "CREATE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz)"
    " RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " RETURN date_bin(bucket_width, ts, timestamptz '2000-01-03 00:00:00+00')"
)
# Range and the interval Grafana gives a panel about 1,000 points wide.
RANGES = {
    "6h": (timedelta(hours=6), "30s"),
    "7d": (timedelta(days=7), "10m"),
    "30d": (timedelta(days=30), "1h"),
    "1y": (timedelta(days=365), "12h"),
}
RAW_UP_TO = timedelta(days=2)
RAW_TABLES = {"lamp_readings_stored", "meter_readings", "cabinet_readings"}


def main() -> None:
    """Seed, fill, plan and time every query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=2.0, help="Days of raw readings.")
    parser.add_argument(
        "--ranges", default=",".join(RANGES), help="Ranges to time, comma-separated (6h,7d,...)."
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="Time each query this many times; keep the median."
    )
    parser.add_argument(
        "--show",
        default="",
        help="Also print each query whose label holds one of these texts (comma-separated).",
    )
    args = parser.parse_args()
    shown = [text for text in args.show.split(",") if text]
    timing = Timing(args.ranges.split(","), args.repeat, shown)
    root = make_root("bench-grafana-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        with psycopg.connect(url, autocommit=True) as conn:
            fill(conn, end, timedelta(days=args.days))
            if not server.timescaledb:
                conn.execute(TIME_BUCKET)
            role = ensure_territory_role(conn, ANGERS)
            conn.execute("CREATE ROLE bench_grafana LOGIN IN ROLE vigie_grafana")
            conn.execute(f"CREATE ROLE bench_angers LOGIN IN ROLE {role.name}".encode())
        for login in ("bench_grafana", "bench_angers"):
            time_queries(url.replace("postgres@", f"{login}@"), login, end, timing)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def fill(conn: psycopg.Connection[Any], end: datetime, raw: timedelta) -> None:
    """The territories, ``raw`` of readings and a year of rollups."""
    started = time.perf_counter()
    seed_angers(conn)
    seed_generated(conn, TerritoryPlan("beta", "Beta", 5_000, 8, 0.3, 1))
    print(f"seed: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    conn.execute(READINGS, {"start": end - raw, "end": end})
    conn.execute(LATEST, {"start": end - raw})
    conn.execute(METER_READINGS, {"start": end - raw, "end": end})
    year = {"start": end - timedelta(days=366), "end": end}
    for statement in (DISTRICT_HOURS, DISTRICT_DAYS, METER_HOURS):
        conn.execute(statement, year)
    building_days(conn, year)
    conn.execute("VACUUM ANALYZE")
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM lamp_readings), (SELECT count(*) FROM meter_readings),"
        " (SELECT count(*) FROM district_lamp_hourly), (SELECT count(*) FROM meter_rollups_hourly),"
        " (SELECT count(*) FROM building_daily)"
    ).fetchone()
    print(
        f"lamp readings, meter readings, district hours, meter hours, building days: {counts}"
        f" in {time.perf_counter() - started:.0f} s"
    )


def building_days(conn: psycopg.Connection[Any], span: dict[str, datetime]) -> None:
    """The buildings' days of the span summed from the meters' hours, as the aggregation does."""
    for (territory_id,) in conn.execute("SELECT id FROM territories").fetchall():
        conn.execute(
            QUERIES["recompute_building_daily"],
            {"territory_id": territory_id, "from": span["start"], "to": span["end"]},
        )


@dataclass(frozen=True)
class Timing:
    """The ranges to time, how many times each query runs, the labels printed whatever."""

    ranges: list[str]
    repeat: int
    show: list[str]


EVERY_RANGE_ONCE = Timing(list(RANGES), 1, [])


def time_queries(url: str, login: str, end: datetime, timing: Timing = EVERY_RANGE_ONCE) -> None:
    """Each range: the raw tables scanned beyond 2 days, p95, max and the slowest queries."""
    with psycopg.connect(url, autocommit=True) as conn:
        for name in timing.ranges:
            length, step = RANGES[name]
            span = (end - length, end)
            timings: list[tuple[float, str]] = []
            scans: list[str] = []
            before: list[tuple[float, float, str]] = []
            for dashboard in load_dashboards():
                selections: dict[str, Selection] = {}
                for query in queries(dashboard):
                    text = expanded(query, query.sql, selections, span, step)
                    if length > RAW_UP_TO:
                        scans += [f"{query.label}: {t}" for t in raw_scans(conn, text)]
                    runs = []
                    for _ in range(timing.repeat):
                        took, rows = timed(conn, text)
                        runs.append(took)
                    took = statistics.median(runs)
                    timings.append((took, query.label))
                    if any(text in query.label for text in timing.show):
                        print(
                            f"  {login} {name} {query.label}: {[round(r * 1000) for r in runs]} ms"
                        )
                    if query.kind == "variable":
                        selections[query.name] = selection(query, [str(r[0]) for r in rows])
                    if name == "1y" and query.name in REFERENCES:
                        hourly = HOURLY_PANELS / f"{REFERENCES[query.name]}.sql"
                        sql = hourly.read_text(encoding="utf-8")
                        old, _ = timed(conn, expanded(query, sql, selections, span, step))
                        before.append((old, took, query.label))
            report(login, name, timings, scans)
            for old, new, label in before:
                print(f"  before/after {old * 1000:8.0f} ms {new * 1000:8.0f} ms  {label}")


def expanded(
    query: Query,
    sql: str,
    selections: dict[str, Selection],
    span: tuple[datetime, datetime],
    step: str,
) -> str:
    """``sql`` of ``query`` as Grafana sends it for the span."""
    text = replace_variables(sql, selections, start=span[0], end=span[1])
    interval = max(gotime.parse_interval(step), gotime.parse_interval(query.min_interval or "1ms"))
    return expand(text, TimeRange(*span), interval, timescaledb=True).sql


def timed(conn: psycopg.Connection[Any], sql: str) -> tuple[float, list[Any]]:
    """Seconds the statement takes to run and fetch, and its rows."""
    started = time.perf_counter()
    rows = conn.execute(sql.encode()).fetchall()
    return time.perf_counter() - started, rows


def selection(query: Query, values: list[str]) -> Selection:
    """All of a multi variable; the first option (Angers) of the territory."""
    if query.extra["multi"] or query.extra["includeAll"]:
        return Selection(tuple(values), multi=True, include_all=True, all_selected=True)
    return Selection(tuple(values[:1]))


def raw_scans(conn: psycopg.Connection[Any], sql: str) -> list[str]:
    """Raw readings tables the plan scans other than by a latest-reading index lookup."""
    (plan,) = conn.execute(b"EXPLAIN (FORMAT JSON) " + sql.encode()).fetchone()[0]  # type: ignore[index]
    found: list[str] = []
    stack: list[tuple[dict[str, Any], bool]] = [(plan["Plan"], False)]
    while stack:
        node, under_limit = stack.pop()
        chooses = node.get("Custom Plan Provider") == "ChunkAppend"  # its chunks are judged
        lookup = under_limit and (chooses or node["Node Type"] in {"Index Scan", "Index Only Scan"})
        if node.get("Relation Name") in RAW_TABLES and not lookup:
            found.append(f"{node['Node Type']} on {node['Relation Name']}")
        limit = under_limit or node["Node Type"] == "Limit"
        stack += [(child, limit) for child in node.get("Plans", [])]
    return found


def report(login: str, name: str, timings: list[tuple[float, str]], scans: list[str]) -> None:
    """One range's figures."""
    seconds = sorted(t for t, _ in timings)
    p95 = statistics.quantiles(seconds, n=20)[-1]
    print(
        f"{login} {name}: {len(timings)} queries, {sum(seconds):.2f} s in all,"
        f" p95 {p95 * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms;"
        f" raw scans beyond 2 days: {len(scans)}"
    )
    for line in scans:
        print(f"  RAW {line}")
    for took, label in sorted(timings, reverse=True)[:4]:
        print(f"  {took * 1000:8.0f} ms  {label}")


if __name__ == "__main__":
    main()
