"""Benchmark of the décret-tertiaire figures on the Angers stock (run by hand, prints figures).

1. Seeds Angers (209 buildings subject to the décret) in a throw-away PostgreSQL.
2. Writes two years of daily consumption for every energy meter of those buildings, and two
   years of daily temperatures (written directly: the rollups are not what is measured here).
3. Measures the raw read the figures need (every décret building's days over the two years),
   then the gap to the path for the twelve months of a year and for each of its 365 days,
   and prints each as seconds and as a multiple of the raw read.

    .venv/bin/python bench/decree.py [--keep] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

# Run as a script, this file's folder comes first on the path and its name would shadow the
# aggregation package: put the repository root there instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation import store, store_decree, store_indicators  # noqa: E402 - after the path is set
from aggregation.builtin_indicators import define_builtin_indicators  # noqa: E402 - after the path is set
from aggregation.computations_buildings import decree_path_gap_pct  # noqa: E402 - after the path is set
from aggregation.indicators import buckets  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

FIRST, END = date(2024, 1, 1), date(2026, 1, 1)
YEAR = 2025

WEATHER = """
INSERT INTO weather_observations (territory_id, day, tmin_c, tmax_c, source)
SELECT %(territory)s, d::date, t - 4, t + 4, 'bench'
FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d,
     LATERAL (SELECT 12.4 - 7.4 * cos(2 * pi() * (extract(doy FROM d) - 15) / 365.25)
                     + 2.5 * sin(2 * pi() * (d::date - %(first)s::date) / 9.3) AS t) w
"""
DAYS = """
INSERT INTO meter_consumption_daily (meter_id, day, value, coverage)
SELECT m.id, w.day,
       b.floor_area_m2 * CASE m.quantity
           WHEN 'electricity' THEN 0.1
           ELSE 0.05 * greatest(0, 18 - (w.tmin_c + w.tmax_c) / 2) END,
       1.0
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN weather_observations w ON w.territory_id = %(territory)s
WHERE b.tertiary_decree AND m.quantity IN ('electricity', 'gas')
"""


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Start a server, seed, write the days, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per measure (median).")
    args = parser.parse_args()
    root = make_root("vigie-bench-decree-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            seed_angers(conn)
            (territory,) = store.territories(conn, "angers")
            params = {"territory": territory.id, "first": FIRST, "last": END}
            conn.execute(WEATHER, params)
            written = conn.execute(DAYS, params).rowcount
            conn.execute("ANALYZE")
            define_builtin_indicators(conn, "TI")
            (gap,) = [
                i
                for i in store_indicators.computed_indicators(conn, territory.id)
                if i.computation == "decree_path_gap_pct"
            ]
            print(f"{'meter-days written (209 buildings, 2 years)':<52} {written:>10,}")
            raw = median_seconds(
                lambda: store_decree.building_days(conn, territory.id, FIRST, END), args.runs
            )
            print(f"{'raw read of the buildings days':<52} {raw:8.3f} s   1.0 x")
            for period in ("month", "day"):
                chosen = buckets(period, date(YEAR, 1, 1), date(YEAR + 1, 1, 1))
                seconds = median_seconds(partial(decree_path_gap_pct, conn, gap, chosen), args.runs)
                label = f"gap to the path, every {period} of {YEAR} ({len(chosen.starts)})"
                print(f"{label:<52} {seconds:8.3f} s {seconds / raw:5.1f} x")
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
