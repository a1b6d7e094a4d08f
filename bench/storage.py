"""Storage benchmark, run by hand: bytes per reading and the collector's insert rate by layout.

    .venv/bin/python bench/storage.py --layout partitioned [--history 5000000] [--points 5000]

Starts its own PostgreSQL (with TimescaleDB for ``--layout timescaledb``), migrates it
(``unpartitioned``: the migrations before 0150, the layout plain PostgreSQL had), then writes
``--history`` light-point readings of the past days (every point every 10 minutes, values as a
controller sends them) through the collector's write path (``store.write_batch``, 5,000 rows a
batch), and times ``--live`` readings of today written the same way, into the empty table and
after the history. It prints rows per second and bytes per reading (table, indexes, TOAST;
after compressing the chunks on TimescaleDB). ``docs/storage.md`` quotes its figures.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from factories import make_territory  # noqa: E402 - the tests' helpers, found above
from servers import PostgresServer, make_root  # noqa: E402

from collector import store  # noqa: E402
from collector.ingest import Row  # noqa: E402
from core.database import connect  # noqa: E402
from core.migrations import FOLDER, migrate  # noqa: E402
from core.storage import partitions  # noqa: E402

STEP = timedelta(minutes=10)
BATCH = 5_000


def readings(point_ids: list[int], start: datetime, count: int) -> Iterator[Row]:
    """``count`` lamp readings from ``start``, every point every 10 minutes, as sent."""
    rng = random.Random(7)
    energy = dict.fromkeys(point_ids, 1_000.0)
    for i in range(count):
        point = point_ids[i % len(point_ids)]
        ts = start + STEP * (i // len(point_ids))
        night = ts.hour >= 18 or ts.hour < 7
        power = round(40.0 + rng.uniform(-0.5, 0.5), 1) if night else 0.0
        energy[point] += power / 6
        yield (
            point, ts, "on" if night else "off", power, 100 if night else 0,
            round(energy[point], 1), round(230 + rng.uniform(-3, 3), 1),
            round(power / 230, 3), 0.95 if night else None, 12_000.0 + i // len(point_ids) / 6,
            400 + i // (len(point_ids) * 144), False, False, False, round(rng.uniform(15, 30), 1),
        )  # fmt: skip


def write(url: str, rows: Iterator[Row]) -> tuple[int, float]:
    """Write ``rows`` through the collector's path; how many and in how many seconds."""
    conn = connect(url, application="bench-storage")
    store.prepare(conn)
    written, began = 0, time.perf_counter()
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            written += sum(c.rows for c in store.write_batch(conn, {"lamp": batch}, [], "bench"))
            batch = []
    if batch:
        written += sum(c.rows for c in store.write_batch(conn, {"lamp": batch}, [], "bench"))
    seconds = time.perf_counter() - began
    conn.close()
    return written, seconds


def index_bytes(url: str) -> int:
    """Bytes of the indexes of lamp_readings_stored (primary key and BRIN) over its partitions."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(pg_indexes_size(relid)), 0)"
            " FROM pg_partition_tree('lamp_readings_stored') WHERE isleaf"
        ).fetchone()
        if row == (0,):
            row = conn.execute("SELECT pg_indexes_size('lamp_readings_stored')").fetchone()
    assert row is not None
    return int(str(row[0]))


def table_bytes(url: str) -> int:
    """Bytes of lamp_readings_stored on disk: every partition or chunk, its indexes and TOAST."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE lamp_readings_stored")
        timescale = conn.execute(
            "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'"
        ).fetchone()
        kind = conn.execute(
            "SELECT relkind FROM pg_class WHERE oid = 'lamp_readings_stored'::regclass"
        )
        if timescale:
            query = "SELECT hypertable_size('lamp_readings_stored')"
        elif kind.fetchone() == ("p",):
            query = (
                "SELECT sum(pg_total_relation_size(relid))"
                " FROM pg_partition_tree('lamp_readings_stored')"
            )
        else:
            query = "SELECT pg_total_relation_size('lamp_readings_stored')"
        row = conn.execute(query.encode()).fetchone()
    assert row is not None
    return int(str(row[0]))


def main() -> None:
    """Run one layout and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--layout", choices=("partitioned", "unpartitioned", "timescaledb"), required=True
    )
    parser.add_argument("--history", type=int, default=5_000_000)
    parser.add_argument("--live", type=int, default=500_000)
    parser.add_argument("--points", type=int, default=5_000)
    args = parser.parse_args()
    root = make_root("vigie-bench-storage-")
    pg = PostgresServer(root / "pg", timescaledb=args.layout == "timescaledb")
    pg.start()
    try:
        run(pg, args)
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def run(pg: PostgresServer, args: argparse.Namespace) -> None:
    """Migrate, write live readings into the empty table, the history, then live again."""
    url = pg.create_database("bench")
    folder = FOLDER
    if args.layout == "unpartitioned":
        folder = Path(make_root("vigie-bench-migrations-"))
        for path in FOLDER.glob("*.sql"):
            if int(path.name[:4]) < 150:
                shutil.copy(path, folder)
    migrate(url, folder)
    with psycopg.connect(url, autocommit=True) as conn:
        if args.layout == "partitioned":
            partitions.maintain(conn)
        town = make_territory(
            conn, code="bench", districts=max(1, args.points // 250), cabinets_per_district=5,
            points_per_cabinet=50, buildings=0,
        )  # fmt: skip
    ids = list(town.point_ids.values())
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    steps = args.history // len(ids) + 1
    history_start = now - timedelta(days=1) - STEP * steps
    live = now - STEP * (args.live // len(ids) + 1)

    empty_rows, empty_s = write(url, readings(ids, live, args.live))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE lamp_readings_stored, ingest_batches")
    if args.layout == "partitioned":  # the history's weeks made first, as an import does
        with psycopg.connect(url, autocommit=True) as conn:
            days = (now - history_start).days + 1
            partitions.cover(
                conn, "lamp_readings_stored", [now - timedelta(days=d) for d in range(days)]
            )
    history_rows, history_s = write(url, readings(ids, history_start, args.history))
    raw, indexes = table_bytes(url), index_bytes(url)
    after_rows, after_s = write(url, readings(ids, live, args.live))
    print(f"layout {args.layout}, {len(ids)} points, PostgreSQL {pg.bindir}")
    print(f"live into the empty table     {empty_rows / empty_s:>10,.0f} rows/s")
    print(f"history ({history_rows:,} rows)   {history_rows / history_s:>10,.0f} rows/s")
    print(f"live after the history        {after_rows / after_s:>10,.0f} rows/s", end="")
    print(f"  ({after_rows / after_s / (empty_rows / empty_s):.0%} of empty)")
    print(f"bytes per reading             {raw / history_rows:>10.1f}")
    if args.layout != "timescaledb":
        print(f"  of which indexes            {indexes / history_rows:>10.1f}")
    if args.layout == "timescaledb":
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT compress_chunk(c) FROM show_chunks('lamp_readings_stored') c")
        packed = table_bytes(url)
        total = history_rows + after_rows
        print(f"bytes per reading, compressed {packed / total:>10.1f}")


if __name__ == "__main__":
    main()
