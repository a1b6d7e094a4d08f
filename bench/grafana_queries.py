"""Benchmark of every dashboard query on the whole Angers fleet at 6 h, 7 d, 30 d and a year.

Run by hand; prints figures (docs/performance.md, "Grafana panels by range").

1. Seeds Angers (about 50,000 light points, the policy tree) and a generated second territory
   (5,000 points) in a throw-away PostgreSQL.
2. ``--days`` days (default 2) of light-point readings for every Angers point every 10 minutes
   and of its indoor-temperature meters every hour, written directly (with the points' latest
   readings, as the collector keeps them); a year of the districts' hours and days and of the
   meters' hourly means, as the aggregation keeps them.
3. Every panel, variable and annotation query, expanded as Grafana does with every variable on
   "All" and the territory on Angers, over the last 6 hours, 7 days, 30 days and a year: planned
   (EXPLAIN) to list any raw readings table scanned beyond 2 days, then timed, as a login of
   ``vigie_grafana`` and as a login of Angers' territory role (``vigie grafana role``).

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
from macros import TimeRange, expand  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from core.migrations import migrate  # noqa: E402 - after the path is set
from grafana import gotime  # noqa: E402 - after the path is set
from grafana.dashboards import Query, load_dashboards, queries  # noqa: E402 - after the path is set
from grafana.store import ensure_territory_role  # noqa: E402 - after the path is set
from grafana.variables import Selection, replace_variables  # noqa: E402 - after the path is set
from registry.generated import TerritoryPlan, seed_generated  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

ANGERS = "angers"
READINGS = """
INSERT INTO lamp_readings (light_point_id, ts, power_state, power_w, energy_wh, lamp_failure,
                           day_burner)
SELECT lp.id, ts, 'on', lp.nominal_power_w, 0, lp.id %% 997 = 0, lp.id %% 1999 = 0
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
SELECT lp.district_id, h, sum(lp.nominal_power_w), count(*), count(*),
       count(*) FILTER (WHERE lp.id %% 997 = 0), count(*) FILTER (WHERE lp.id %% 1999 = 0)
FROM light_points_current lp
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '1 hour') h
GROUP BY lp.district_id, h
"""
DISTRICT_DAYS = """
INSERT INTO district_lamp_daily (district_id, day, energy_wh, covered_point_days, points)
SELECT lp.district_id, d::date, sum(lp.nominal_power_w) * 12, count(*), count(*)
FROM light_points_current lp
CROSS JOIN generate_series(%(start)s::date, %(end)s::date, interval '1 day') d
GROUP BY lp.district_id, d
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
RAW_TABLES = {"lamp_readings", "meter_readings", "cabinet_readings"}


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
    conn.execute("VACUUM ANALYZE")
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM lamp_readings), (SELECT count(*) FROM meter_readings),"
        " (SELECT count(*) FROM district_lamp_hourly), (SELECT count(*) FROM meter_rollups_hourly)"
    ).fetchone()
    print(
        f"lamp readings, meter readings, district hours, meter hours: {counts}"
        f" in {time.perf_counter() - started:.0f} s"
    )


@dataclass(frozen=True)
class Timing:
    """The ranges to time, how many times each query runs, the labels printed whatever."""

    ranges: list[str]
    repeat: int
    show: list[str]


def time_queries(url: str, login: str, end: datetime, timing: Timing) -> None:
    """Each range: the raw tables scanned beyond 2 days, p95, max and the slowest queries."""
    with psycopg.connect(url, autocommit=True) as conn:
        for name in timing.ranges:
            length, step = RANGES[name]
            start = end - length
            timings: list[tuple[float, str]] = []
            scans: list[str] = []
            for dashboard in load_dashboards():
                selections: dict[str, Selection] = {}
                for query in queries(dashboard):
                    sql = replace_variables(query.sql, selections, start=start, end=end)
                    interval = max(
                        gotime.parse_interval(step),
                        gotime.parse_interval(query.min_interval or "1ms"),
                    )
                    text = expand(sql, TimeRange(start, end), interval, timescaledb=True).sql
                    if length > RAW_UP_TO:
                        scans += [f"{query.label}: {t}" for t in raw_scans(conn, text)]
                    runs = []
                    for _ in range(timing.repeat):
                        started = time.perf_counter()
                        rows = conn.execute(text.encode()).fetchall()
                        runs.append(time.perf_counter() - started)
                    timings.append((statistics.median(runs), query.label))
                    if any(text in query.label for text in timing.show):
                        print(
                            f"  {login} {name} {query.label}: {[round(r * 1000) for r in runs]} ms"
                        )
                    if query.kind == "variable":
                        selections[query.name] = selection(query, [str(r[0]) for r in rows])
            report(login, name, timings, scans)


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
