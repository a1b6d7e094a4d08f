"""Benchmark of the aggregation on the whole Angers territory (run by hand, prints figures).

1. Seeds Angers (about 50,000 light points, the policy tree) in a throw-away PostgreSQL.
2. Rollup throughput: a week of 10-minute counter readings for one district, rolled up.
3. A year of daily rollups for every light point (written directly, 18 M rows), then the
   built-in indicators recomputed for every day of that year.
4. One late batch: an hour of readings of one district arriving a day late, then the
   incremental cost (rollups it touches, and that day's indicators).

    .venv/bin/python bench/aggregation.py [--keep]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

# Run as a script, this file's folder comes first on the path and its name would shadow the
# aggregation package: put the repository root there instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation import indicators, jobs, store  # noqa: E402 - after the path is set
from aggregation.builtin_indicators import define_builtin_indicators  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

T = TypeVar("T")
YEAR = 2025
WEEK_START = datetime(YEAR + 1, 1, 5, tzinfo=UTC)

DAILY_ROLLUPS = """
INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)
SELECT lp.id, d::date,
       lp.nominal_power_w * (1 + lp.ballast_loss_pct / 100.0)
           * (12 + 4 * cos(2 * pi() * extract(doy FROM d) / 365.0)),
       1.0
FROM light_points_current lp
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
"""
READINGS = """
INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, energy_wh, power_dw)
SELECT lp.id, ts, 1000, round(lp.nominal_power_w * extract(epoch FROM ts - %(start)s) / 7200.0),
       round(lp.nominal_power_w * 10)
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '10 minutes') ts
WHERE d.code = %(district)s
ON CONFLICT DO NOTHING
"""
BATCH = """
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
VALUES ('bench', 'lamp', %(start)s, %(end)s, %(rows)s)
"""


def timed(label: str, action: Callable[[], T]) -> T:
    """Run ``action`` and print how long it took."""
    started = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s")
    return result


class Breakdown(logging.Handler):
    """Seconds spent per computation, from the indicators' debug lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = defaultdict(float)

    def emit(self, record: logging.LogRecord) -> None:
        """Add one indicator's time to its computation's total."""
        if record.getMessage() == "indicator computed":
            self.seconds[str(record.__dict__["computation"])] += float(record.__dict__["seconds"])

    def show(self) -> None:
        """Print the computations, slowest first, and forget them."""
        for name, seconds in sorted(self.seconds.items(), key=lambda kv: -kv[1])[:6]:
            print(f"{'    ' + name:<58} {seconds:8.2f} s")
        self.seconds.clear()


def rollup_throughput(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """A week of 10-minute readings of one district, then a full recomputation of it."""
    end = WEEK_START + timedelta(days=7)
    params = {"start": WEEK_START, "end": end, "district": "ANG-SNC"}
    written = timed(
        "write a week of readings, district ANG-SNC", lambda: conn.execute(READINGS, params)
    )
    print(f"{'  readings':<58} {written.rowcount:>10,}")
    result = timed(
        "roll up the week (hourly + daily, every kind)", lambda: jobs.aggregate_all(conn)
    )
    print(f"{'  readings per second':<58} {written.rowcount / max(result.seconds, 1e-9):>10,.0f}")


def late_batch(conn: psycopg.Connection[tuple[object, ...]], territory: store.TerritoryRow) -> None:
    """One hour of one district's readings arriving late; its incremental cost."""
    jobs.aggregate_pending(conn)  # the cursor starts after what is already there
    start = WEEK_START + timedelta(days=8)
    end = start + timedelta(hours=1)
    params = {"start": start, "end": end, "district": "ANG-ROS"}
    rows = conn.execute(READINGS, params).rowcount
    conn.execute(BATCH, {"start": start, "end": end, "rows": rows})
    result = timed(
        f"late batch: {rows:,} readings, rollups it touches", lambda: jobs.aggregate_pending(conn)
    )
    print(f"{'  hours recomputed, rows written':<58} {result.hours:>6.0f} h {result.rows:>8,}")
    day = start.date()
    timed(
        "late batch: that day's indicators",
        lambda: indicators.compute_indicators(conn, territory, "day", day, day + timedelta(days=1)),
    )


def main() -> None:
    """Start a server, seed, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    args = parser.parse_args()
    root = make_root("vigie-bench-aggregation-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            seeded = timed("seed Angers", lambda: seed_angers(conn))
            print(f"{'  light points':<58} {seeded.light_points:>10,}")
            (territory,) = store.territories(conn, "angers")
            count = timed(
                "define the built-in indicators", lambda: define_builtin_indicators(conn, "TI")
            )
            print(f"{'  indicators':<58} {count:>10,}")
            rollup_throughput(conn)
            params = {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31)}
            made = timed(
                f"write daily rollups for {YEAR}", lambda: conn.execute(DAILY_ROLLUPS, params)
            )
            print(f"{'  daily rollup rows':<58} {made.rowcount:>10,}")
            conn.execute("ANALYZE")
            breakdown = Breakdown()
            logger = logging.getLogger("aggregation.indicators")
            logger.addHandler(breakdown)
            logger.setLevel(logging.DEBUG)
            result = timed(
                f"recompute every day of {YEAR}, every indicator",
                lambda: indicators.compute_indicators(
                    conn, territory, "day", date(YEAR, 1, 1), date(YEAR + 1, 1, 1)
                ),
            )
            print(f"{'  values written':<58} {result.values:>10,}")
            breakdown.show()
            timed(
                f"recompute the year {YEAR} as one period",
                lambda: indicators.compute_indicators(
                    conn, territory, "year", date(YEAR, 1, 1), date(YEAR + 1, 1, 1)
                ),
            )
            breakdown.show()
            late_batch(conn, territory)
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
