"""What recording each batch's rows per territory costs the collector: with it and without it.

    .venv/bin/python bench/batch_territories.py [--points 5000] [--territories 2] [--batches 60]

Starts its own PostgreSQL (TimescaleDB when installed), registers ``--points`` light points
shared among ``--territories`` territories and writes batches of one reading per point, 10
minutes apart, alternately as the collector writes them (``collector.store.write_batch``: the
readings, the points' latest readings, the ingest batch and its rows per territory) and the
same without the rows per territory (the ingest batch alone, as before migration 0163). Prints
the median time of each and their ratio; the first batches of each are left out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from factories import make_territory  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from bench.lamp_latest import alternate, report, write_batch  # noqa: E402 - after the path is set
from collector import store  # noqa: E402 - after the path is set
from collector.ingest import Row  # noqa: E402 - after the path is set
from core.database import Connection, connect  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set

# The ingest batch as recorded before 0163: one row, no rows per territory.
BATCH_ONLY: Final = (
    "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
    " VALUES (%(collector)s, 'lamp', %(ts_min)s, %(ts_max)s, %(rows)s)"
)


def batch_only(conn: Connection, rows: list[Row]) -> None:
    """The batch as written before 0163: readings, latest readings, the ingest batch alone."""
    with conn.transaction(), conn.cursor() as cur:
        store.copy_rows(cur, store.QUERIES["copy_lamp_staging"], store.LAMP_TYPES, rows)
        cur.execute(store.QUERIES["insert_lamp_history"])
        stamps = [row[1] for row in rows]
        cur.execute(
            BATCH_ONLY,
            {
                "collector": "bench",
                "ts_min": min(stamps),  # type: ignore[type-var] # timestamps
                "ts_max": max(stamps),  # type: ignore[type-var] # timestamps
                "rows": len(rows),
            },
        )


def seed(url: str, points: int, territories: int) -> list[int]:
    """``points`` light points shared among ``territories`` territories."""
    ids: list[int] = []
    with psycopg.connect(url, autocommit=True) as db:
        for t in range(territories):
            town = make_territory(
                db, code=f"bench{t}", districts=10, points_per_cabinet=points // 10 // territories
            )
            ids += town.point_ids.values()
        db.execute("ANALYZE")
    return sorted(ids)


def main() -> None:
    """Seed, then time the two ways alternately."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=5_000)
    parser.add_argument("--territories", type=int, default=2)
    parser.add_argument("--batches", type=int, default=60)
    args = parser.parse_args()
    root = make_root("bench-batch-territories-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        points = seed(url, args.points, args.territories)
        conn = connect(url, application="bench")
        store.prepare(conn)
        ways = {"by territory": write_batch, "batch only": batch_only}
        took = alternate(conn, points, args.batches, ways)
        conn.close()
        print(f"{len(points)} points a batch in {args.territories} territories,", end=" ")
        print(f"timescaledb: {server.timescaledb}")
        report(took)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
