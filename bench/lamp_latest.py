"""What keeping lamp_latest costs the collector: a lamp batch written with it and without it.

    .venv/bin/python bench/lamp_latest.py [--points 5000] [--batches 60]

Starts its own PostgreSQL (TimescaleDB when installed), registers ``--points`` light points and
writes batches of one reading per point, 10 minutes apart, alternately as the collector writes
them (``collector.store.write_batch``: the readings, their ingest batch and the points' latest
readings) and as it wrote them before ``lamp_latest`` (the same COPY and ingest batch, nothing
else). Prints the median time of each and their ratio; the first batches of each are left out.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from factories import make_territory  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from collector import store  # noqa: E402 - after the path is set
from collector.ingest import Row  # noqa: E402 - after the path is set
from core.database import Connection, connect  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set

WARM_UP = 6
STORED_ONLY = (Path(__file__).parent / "lamp_stored_only.sql").read_text(encoding="utf-8")


def readings_only(conn: Connection, rows: list[Row]) -> None:
    """The batch as written before lamp_latest: the readings and their ingest batch alone."""
    with conn.transaction(), conn.cursor() as cur:
        store.copy_rows(cur, store.QUERIES["copy_lamp_staging"], store.LAMP_TYPES, rows)
        cur.execute(STORED_ONLY)
        stamps = [row[1] for row in rows]
        cur.execute(
            store.QUERIES["insert_ingest_batch"],
            {
                "collector": "bench",
                "kind": "lamp",
                "ts_min": min(stamps),  # type: ignore[type-var] # timestamps
                "ts_max": max(stamps),  # type: ignore[type-var] # timestamps
                "rows": len(rows),
                "asset_ids": [row[0] for row in rows],
                "ts": stamps,
            },
        )


def write_batch(conn: Connection, rows: list[Row]) -> None:
    """The batch as the collector writes it."""
    store.write_batch(conn, {"lamp": rows}, [], "bench")


def alternate(
    conn: Connection,
    points: list[int],
    batches: int,
    ways: Mapping[str, Callable[[Connection, list[Row]], None]],
) -> dict[str, list[float]]:
    """Seconds each of the two ``ways`` took per batch of one reading per point, alternately.

    Batches are 10 minutes apart from a day ago; the first ``WARM_UP`` are left out.
    """
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    names = list(ways)
    took: dict[str, list[float]] = {name: [] for name in names}
    for k in range(batches):
        ts = start + k * timedelta(minutes=10)
        rows: list[Row] = [
            (p, ts, "on", 60.0, 100, 1000.0 + k, 230.0, 0.3, 0.95, 100.0 + k, 7, False,
             False, False, 20.0)
            for p in points
        ]  # fmt: skip
        name = names[k % 2]
        started = time.perf_counter()
        ways[name](conn, rows)
        if k >= WARM_UP:
            took[name].append(time.perf_counter() - started)
    return took


def report(took: dict[str, list[float]]) -> None:
    """The median of each way and the first's ratio to the second's."""
    medians = {way: statistics.median(times) for way, times in took.items()}
    for way, median in medians.items():
        print(f"{way}: median {median * 1000:.1f} ms ({len(took[way])} batches)")
    first, second = medians.values()
    print(f"ratio {first / second:.2f}")


def main() -> None:
    """Seed, then time the two ways alternately."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=5_000)
    parser.add_argument("--batches", type=int, default=60)
    args = parser.parse_args()
    root = make_root("bench-latest-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as db:
            town = make_territory(db, districts=10, points_per_cabinet=args.points // 10)
        points = sorted(town.point_ids.values())
        conn = connect(url, application="bench")
        store.prepare(conn)
        ways = {"with lamp_latest": write_batch, "readings only": readings_only}
        took = alternate(conn, points, args.batches, ways)
        conn.close()
        print(f"{len(points)} points a batch, timescaledb: {server.timescaledb}")
        report(took)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
