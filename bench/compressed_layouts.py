"""Compressed bytes per light-point reading on TimescaleDB, by layout; run by hand.

    .venv/bin/python bench/compressed_layouts.py [--every 10] [--days 22]

Seeds Angers in its own PostgreSQL with TimescaleDB, writes ``--days`` of every ``--every``-th
light point's readings every 10 minutes with ``bench/year_readings.py`` (the values the
simulator's controllers send, as ``bench/year.py`` writes them) into ``lamp_readings_stored``,
copies them into five more layouts, each a hypertable of 7-day chunks compressed by light point
and time as ``lamp_readings_stored`` is, then compresses every whole week and prints bytes per
reading before and after:

- ``as stored``: ``lamp_readings_stored`` itself (migration 0164): integers at the resolution
  the values are reported to, the receive time as milliseconds after ``ts``;
- ``floats``: the columns of ``lamp_readings`` (the view), stored as they were before 0164;
- ``floats, no received_at``: the same without the time each reading was received;
- ``floats, received_at to 1 s``: the same with that time truncated to the second;
- ``integers``: the values as integers at the resolution they are reported to (0.1 W, 0.1 V,
  1 mA, 0.01, 1 Wh, 0.1 h, 0.1 °C), with ``received_at``; it also counts, for each value, the
  readings of which it differs read back from the stored one (beyond a float's rounding);
- ``integers, no received_at``.

TimescaleDB compresses integers and timestamps by delta of delta and floats by XOR with the
value before: a reported value with noise in its last digit costs a float's whole mantissa.
``docs/storage.md`` quotes the figures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from bench.year_readings import Month, load_fleet, share, write  # noqa: E402 - same
from core.migrations import migrate  # noqa: E402 - same
from registry.seed import seed_angers  # noqa: E402 - same

Conn = psycopg.Connection[tuple[object, ...]]
HERE = Path(__file__).parent
FLOATS, SCALED, HYPERTABLE, COPY, LOST = (
    sql.SQL((HERE / f"compressed_layouts_{name}.sql").read_text(encoding="utf-8"))
    for name in ("floats", "scaled", "hypertable", "copy", "lost")
)
WEEK_STEPS = 7 * 144


RECEIVED_AT = "received_at"
NO_RECEIVED_AT = "NULL::timestamptz"
RECEIVED_AT_TO_THE_SECOND = "date_trunc('second', received_at)"


@dataclass(frozen=True)
class Layout:
    """A way to keep the readings: name, table, integers or floats, what ``received_at`` holds."""

    name: str
    table: str
    integers: bool
    received_at: str


LAYOUTS = (
    Layout("floats", "layout_floats", integers=False, received_at=RECEIVED_AT),
    Layout("floats, no received_at", "layout_no_rx", integers=False, received_at=NO_RECEIVED_AT),
    Layout(
        "floats, received_at to 1 s",
        "layout_rx_s",
        integers=False,
        received_at=RECEIVED_AT_TO_THE_SECOND,
    ),
    Layout("integers", "layout_integers", integers=True, received_at=RECEIVED_AT),
    Layout(
        "integers, no received_at",
        "layout_integers_no_rx",
        integers=True,
        received_at=NO_RECEIVED_AT,
    ),
)
CHUNKS = """
SELECT format('%%I.%%I', chunk_schema, chunk_name) FROM timescaledb_information.chunks
WHERE hypertable_name = %(table)s ORDER BY range_start
"""
STATS = """
SELECT before_compression_total_bytes, after_compression_total_bytes
FROM chunk_compression_stats(%(table)s::regclass)
WHERE format('%%I.%%I', chunk_schema, chunk_name) = %(chunk)s
"""


def fill(conn: Conn, layout: Layout) -> None:
    """Create the layout's table as a compressible hypertable and copy the readings in."""
    names = {
        "table": sql.Identifier(layout.table),
        "name": sql.Literal(layout.table),
        "received_at": sql.SQL(layout.received_at),
        "scaled": sql.Literal(layout.integers),
    }
    conn.execute((SCALED if layout.integers else FLOATS).format(**names))
    conn.execute(HYPERTABLE.format(**names))
    conn.execute(COPY.format(**names))


def compress_weeks(conn: Conn, table: str, week: int) -> tuple[int, int, int]:
    """Compress the chunks holding a whole week of every point: rows, bytes before and after."""
    rows = before = after = 0
    for (chunk,) in conn.execute(CHUNKS, {"table": table}).fetchall():
        count = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(*str(chunk).split(".")))
        ).fetchone()
        if count is None or count[0] != week:
            continue
        conn.execute("SELECT compress_chunk(%s::regclass)", (chunk,))
        stats = conn.execute(STATS, {"table": table, "chunk": chunk}).fetchone()
        assert stats is not None
        rows += int(str(count[0]))
        before += int(str(stats[0]))
        after += int(str(stats[1]))
    return rows, before, after


def report(name: str, table: str, conn: Conn, week: int) -> None:
    """Compress ``table``'s whole weeks and print its line: readings, bytes before and after."""
    rows, before, after = compress_weeks(conn, table, week)
    print(f"{name:<26} {rows:>12,} {before / rows:>7.1f} {after / rows:>13.2f}")


def main() -> None:
    """Seed, write, copy into each layout, compress, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=int, default=10, help="Every n-th point of Angers.")
    parser.add_argument("--days", type=int, default=22, help="Days of readings written.")
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    args = parser.parse_args()
    root = make_root("vigie-bench-layouts-")
    server = PostgresServer(
        root, timescaledb=True, settings={"shared_buffers": "2GB", "max_wal_size": "8GB"}
    )
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            seed_angers(conn)
            fleet = share(load_fleet(conn, "angers"), 0, args.every)
        start = datetime(2026, 10, 1, tzinfo=UTC)
        began = time.perf_counter()
        with psycopg.connect(url) as conn:
            written = sum(write(conn, Month(fleet, start, start + timedelta(days=args.days))))
        print(
            f"{len(fleet.ids):,} points, {written:,} readings written in"
            f" {time.perf_counter() - began:.0f} s; whole weeks compressed:"
        )
        print(f"{'layout':<26} {'readings':>12} {'raw B':>7} {'compressed B':>13}")
        with psycopg.connect(url, autocommit=True) as conn:
            week = len(fleet.ids) * WEEK_STEPS
            report("as stored", "lamp_readings_stored", conn, week)
            for layout in LAYOUTS:
                fill(conn, layout)
                report(layout.name, layout.table, conn, week)
            with conn.cursor(row_factory=dict_row) as cur:
                lost = cur.execute(LOST.format(table=sql.Identifier("layout_integers"))).fetchone()
            print("readings of which a value read back from the integers differs, by value:")
            print(lost)
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
