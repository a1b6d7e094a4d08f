"""Benchmark of every dashboard query on the whole Angers territory (run by hand, prints figures).

1. Seeds Angers (about 50,000 light points, the policy tree) in a throw-away PostgreSQL.
2. One night of light-point readings for every point (every 10 minutes, 18:00 to 08:00 UTC),
   written directly, and 30 days of daily rollups summed into the districts' days.
3. Every panel, variable and annotation query, expanded as Grafana does with every variable on
   "All" over the last 24 hours (and the panels' own longer ranges ignored), run as a member of
   vigie_grafana; prints the slowest.

    .venv/bin/python bench/grafana_queries.py
"""

from __future__ import annotations

import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "grafana")]

import psycopg  # noqa: E402 - after the path is set
from macros import TimeRange, expand  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation import store as aggregation_store  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from grafana import gotime  # noqa: E402 - after the path is set
from grafana.dashboards import load_dashboards, queries  # noqa: E402 - after the path is set
from grafana.variables import Selection, replace_variables  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

READINGS = """
INSERT INTO lamp_readings (light_point_id, ts, power_state, power_w, energy_wh, lamp_failure,
                           day_burner)
SELECT lp.id, ts, 'on', lp.nominal_power_w, 0, lp.id %% 997 = 0, false
FROM light_points_current lp
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '10 minutes') ts
"""
DAILY = """
INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)
SELECT lp.id, d::date, lp.nominal_power_w * 12, 1.0
FROM light_points_current lp
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
"""
TIME_BUCKET = (
    "CREATE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz)"
    " RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " RETURN date_bin(bucket_width, ts, timestamptz '2000-01-03 00:00:00+00')"
)


def main() -> None:
    """Seed, fill, time every query."""
    root = make_root("bench-grafana-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            started = time.perf_counter()
            seed_angers(conn)
            print(f"seed: {time.perf_counter() - started:.1f} s")
            end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            night = end.replace(hour=8) if end.hour >= 8 else end  # 08:00 UTC
            params = {"start": night - timedelta(hours=14), "end": night}
            started = time.perf_counter()
            conn.execute(READINGS, params)
            conn.execute(DAILY, {"first": end.date() - timedelta(days=30), "last": end.date()})
            angers = aggregation_store.territories(conn, "angers")[0]
            days = aggregation_store.Window(end - timedelta(days=31), end, frozenset())
            aggregation_store.recompute_districts(conn, angers, days)
            conn.execute("ANALYZE")
            count = conn.execute("SELECT count(*) FROM lamp_readings").fetchone()
            took = time.perf_counter() - started
            print(f"readings: {count[0] if count else 0} rows in {took:.1f} s")
            if not server.timescaledb:
                conn.execute(TIME_BUCKET)
            conn.execute("CREATE ROLE bench_grafana LOGIN IN ROLE vigie_grafana")
        time_queries(url.replace("postgres@", "bench_grafana@"), end)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def time_queries(url: str, end: datetime) -> None:
    """Every query with variables on All over the last day; the ten slowest."""
    start = end - timedelta(days=1)
    timings: list[tuple[float, str]] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for dashboard in load_dashboards():
            selections: dict[str, Selection] = {}
            for query in queries(dashboard):
                sql = replace_variables(query.sql, selections, start=start, end=end)
                interval = max(
                    gotime.MINUTE * 10, gotime.parse_interval(query.min_interval or "1ms")
                )
                text = expand(sql, TimeRange(start, end), interval, timescaledb=True).sql
                started = time.perf_counter()
                rows = conn.execute(text.encode()).fetchall()
                timings.append((time.perf_counter() - started, query.label))
                if query.kind == "variable":
                    values = tuple(str(r[0]) for r in rows)
                    selections[query.name] = Selection(values, multi=True, all_selected=True)
    print(f"{len(timings)} queries, {sum(t for t, _ in timings):.1f} s in all; slowest:")
    for seconds, label in sorted(timings, reverse=True)[:10]:
        print(f"  {seconds * 1000:8.0f} ms  {label}")


if __name__ == "__main__":
    main()
