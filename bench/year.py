"""A month of the whole Angers fleet and a year of rollups on one machine (run by hand).

    .venv/bin/python bench/year.py --storage timescaledb|partitioned [--days 30]
                                   [--keep | --build-only | --reuse FOLDER]
                                   [--measure drain,lag,rules,panels,api]

Figures in docs/performance.md ("A year of Angers"). In its own PostgreSQL (with TimescaleDB
for ``--storage timescaledb``, sized as a city's database server) it:

1. seeds Angers (49,700 light points) and a generated second territory (5,000 points);
2. writes ``--days`` days of every Angers light point every 10 minutes with COPY (values as
   the simulator's controllers send them), the cabinets' and meters' readings of those days,
   and a year of rollups (districts' hours and days, meters' hours, buildings' days, every
   point's days);
3. lets the storage act: the compression policy's job on TimescaleDB (chunks older than 14
   days), partition maintenance on plain PostgreSQL; prints bytes per lamp reading before and
   after, and the size of the index the collector writes into;
4. measures the collector's drain rate (``vigie collect`` emptying 60,000 queued messages of
   its own broker) into this database against an empty one on the same server;
5. the rollup job's lag at the Angers rate: each 10-minute step of the fleet (49,700 readings
   and their batch) rolled up by ``aggregate_pending``, against the 600 s until the next;
6. the whole scheduled rules pass over the fleet;
7. every Grafana panel, variable and annotation query for the last 6 hours, 7 days, 30 days
   and a year, macros expanded as Grafana does, as the installation's read-only login and as
   Angers' territory login;
8. the API's main reads (``vigie api``, 4 clients).

Building takes most of the run (about half an hour on 2 cores for 30 days). ``--build-only``
builds, settles and keeps the files; ``--reuse FOLDER`` starts the kept cluster, migrates it
(a change under test gets its migrations) and measures steps 4 to 8 again, one hour of readings
further.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "grafana")]

import psycopg  # noqa: E402 - after the path is set
from factories import make_territory  # noqa: E402 - after the path is set
from psycopg import sql  # noqa: E402 - after the path is set
from servers import MosquittoServer, PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation import jobs  # noqa: E402 - after the path is set
from bench import api as api_bench  # noqa: E402 - after the path is set
from bench import grafana_queries, ingest  # noqa: E402 - after the path is set
from bench import rules as rules_bench  # noqa: E402 - after the path is set
from bench.year_readings import STEP, Month, load_fleet, write, write_parallel  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from core.storage import partitions  # noqa: E402 - after the path is set
from grafana.store import ensure_territory_role  # noqa: E402 - after the path is set
from registry.generated import TerritoryPlan, seed_generated  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set
from rules import store as rules_store  # noqa: E402 - after the path is set

T = TypeVar("T")
Conn = psycopg.Connection[tuple[object, ...]]
# A database server sized for a city: 4 GB of shared buffers, of a machine of 16 GB or more.
SETTINGS = {
    "shared_buffers": "4GB",
    "effective_cache_size": "12GB",
    "maintenance_work_mem": "1GB",
    "work_mem": "64MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
}
DRAIN_MESSAGES = 60_000
MEASURES = ("drain", "lag", "rules", "panels", "api")
WRITERS = 2  # connections writing the month (a server process each: the cores)
YEAR_ROLLUPS = (
    grafana_queries.DISTRICT_HOURS,
    grafana_queries.DISTRICT_DAYS,
    grafana_queries.METER_HOURS,
)
COMPRESSION_JOB = """
SELECT job_id FROM timescaledb_information.jobs
WHERE proc_name = 'policy_compression' AND hypertable_name = 'lamp_readings_stored'
"""
NEWEST_INDEX = """
SELECT pg_indexes_size(tableoid) FROM lamp_readings_stored
WHERE ts > now() - interval '3 hours' LIMIT 1
"""
NEWEST_COMPRESSED = """
SELECT format('%I.%I', cc.schema_name, cc.table_name)
FROM _timescaledb_catalog.chunk c
JOIN _timescaledb_catalog.hypertable h ON h.id = c.hypertable_id
JOIN _timescaledb_catalog.chunk cc ON cc.id = c.compressed_chunk_id
JOIN _timescaledb_catalog.dimension_slice s ON true
JOIN _timescaledb_catalog.chunk_constraint k
  ON k.chunk_id = c.id AND k.dimension_slice_id = s.id
WHERE h.table_name = 'lamp_readings_stored'
ORDER BY s.range_end DESC
LIMIT 1
"""
COLUMNS = """
SELECT attname FROM pg_attribute
WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_ts_meta_count'
ORDER BY attnum
"""
TIMESCALEDB = "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"
COMPRESS_WRITTEN = """
SELECT compress_chunk(format('%%I.%%I', chunk_schema, chunk_name)::regclass)
FROM timescaledb_information.chunks
WHERE hypertable_name = 'lamp_readings_stored' AND NOT is_compressed
  AND range_end <= %(written)s AND range_end < now() - interval '14 days'
"""
NEXT_STEP = """
SELECT max(ts) + interval '10 minutes' FROM lamp_readings
WHERE light_point_id = (SELECT min(id) FROM light_points)
"""
KEEP_LATEST = (Path(__file__).parent / "year_keep_latest.sql").read_text(encoding="utf-8")
DRAIN_POINTS = """
SELECT lp.code FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = 'bench'
ORDER BY lp.code
"""
BATCH = """
INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)
VALUES ('bench', 'lamp', %s, %s, %s)
"""


def timed(label: str, action: Callable[[], T]) -> T:
    """Run ``action`` and print how long it took."""
    started = time.perf_counter()
    result = action()
    print(f"{label:<60} {time.perf_counter() - started:9.1f} s", flush=True)
    return result


def main() -> None:
    """Build the month and the year, then measure each part."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storage", choices=("timescaledb", "partitioned"), required=True)
    parser.add_argument("--days", type=float, default=30.0, help="Days of raw readings.")
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="Measure again the database a --keep run left in this folder (migrated first).",
    )
    parser.add_argument(
        "--measure",
        default=",".join(MEASURES),
        help=f"What to measure after building, of {','.join(MEASURES)} (default: all).",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="Build and settle, keep, measure nothing more."
    )
    args = parser.parse_args()
    root = args.reuse or make_root("vigie-bench-year-")
    args.keep = args.keep or args.reuse is not None or args.build_only
    pg = PostgresServer(root / "pg", timescaledb=args.storage == "timescaledb", settings=SETTINGS)
    pg.start()
    shutil.rmtree(root / "mqtt", ignore_errors=True)  # no session left by an earlier run
    broker = MosquittoServer(root / "mqtt")
    broker.start()
    try:
        run(args, pg, broker, root)
    finally:
        broker.stop()
        pg.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        if args.keep:
            print(f"files: {root}")


def run(args: argparse.Namespace, pg: PostgresServer, broker: MosquittoServer, root: Path) -> None:
    """Each step of the module's docstring, in order."""
    print(f"storage {args.storage}, {args.days:g} days, PostgreSQL {pg.bindir}", flush=True)
    url, empty = pg.url("bench"), pg.url("empty")
    if args.reuse:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(NEXT_STEP).fetchone()
            assert row is not None
            lag = row[0]  # the next step of Angers' readings: the hour rolled up step by step
        timed("migrate the kept databases", lambda: (migrate(url), migrate(empty)))
        with psycopg.connect(url, autocommit=True) as conn:
            keep_latest(conn, lag)
    else:
        pg.create_database("bench")
        pg.create_database("empty")
        end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        lag = end - timedelta(hours=1)  # the last hour: written step by step and rolled up
        for database in (url, empty):
            migrate(database)
            with psycopg.connect(database, autocommit=True) as conn:
                partitions.maintain(conn)
        start = end - timedelta(days=args.days)
        with psycopg.connect(url, autocommit=True) as conn:
            build(conn, url, start, lag)
            keep_latest(conn, lag)
            settle(conn, args.storage)
        if args.build_only:
            return
    measure(args, pg, broker, root, lag)


def measure(
    args: argparse.Namespace, pg: PostgresServer, broker: MosquittoServer, root: Path, lag: datetime
) -> None:
    """Steps 4 to 8 of the module's docstring, those ``--measure`` names."""
    url, empty = pg.url("bench"), pg.url("empty")
    steps = set(args.measure.split(","))
    if "drain" in steps:
        drain(url, empty, broker, root)
    with psycopg.connect(url, autocommit=True) as conn:
        end = lag
        if "lag" in steps:
            end = lag + timedelta(hours=1)
            rollup_lag(conn, lag, end)
        if "rules" in steps:
            territory = rules_store.territories(conn, "angers")[0]
            rules_bench.scheduled_pass(conn, territory, end)
        if not pg.timescaledb:
            conn.execute(grafana_queries.TIME_BUCKET.replace("CREATE", "CREATE OR REPLACE", 1))
        angers = ensure_territory_role(conn, "angers")
        logins = {"bench_grafana": "vigie_grafana", "bench_angers": angers.name}
        for login, group in logins.items():
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                conn.execute(f"CREATE ROLE {login} LOGIN IN ROLE {group}".encode())
    if "panels" in steps:
        for login in ("bench_grafana", "bench_angers"):
            grafana_queries.time_queries(url.replace("postgres@", f"{login}@"), login, end)
    if "api" in steps:
        api_reads(url, root)


def build(conn: Conn, url: str, start: datetime, end: datetime) -> None:
    """The territories, the month of raw readings and the year of rollups."""
    timed("seed Angers and a second territory of 5,000 points", lambda: seed(conn))
    fleet = load_fleet(conn, "angers")
    days = int((end - start) / timedelta(days=1)) + 2
    partitions.cover(conn, "lamp_readings_stored", [start + timedelta(days=d) for d in range(days)])
    partitions.cover(conn, "cabinet_readings", [start, end])
    rows, writing, compressing = 0, 0.0, 0.0
    day = start
    while day < end:  # a day at a time, the compression policy's work done as it would be
        began = time.perf_counter()
        rows += write_parallel(url, fleet, day, min(day + timedelta(days=1), end), WRITERS)
        writing += time.perf_counter() - began
        day += timedelta(days=1)
        began = time.perf_counter()
        _compress_written(conn, day)
        compressing += time.perf_counter() - began
    print(f"{'lamp readings written with COPY':<60} {writing:9.1f} s")
    print(f"{'  rows, rows per second':<60} {rows:>13,} {rows / writing:>9,.0f}", flush=True)
    if compressing:
        print(f"{'  chunks compressed as the policy would, meanwhile':<60} {compressing:9.1f} s")
    span = {"start": start, "end": end}
    timed("cabinets' and meters' readings", lambda: _cabinets_meters(conn, span))
    year = {"start": end - timedelta(days=366), "end": end}
    for statement in YEAR_ROLLUPS:
        table = statement.split()[2]
        timed(f"a year of {table}", partial(conn.execute, statement, year))
    timed("a year of building_daily", partial(grafana_queries.building_days, conn, year))
    timed("a year of every point's days, indicators, effects, alerts", lambda: _api_year(conn))


def keep_latest(conn: Conn, until: datetime) -> None:
    """Each point's latest reading before ``until``, as the collector keeps it (2 days back)."""
    span = {"from": until - timedelta(days=2), "to": until}
    timed(
        "each point's latest reading, as the collector keeps it",
        partial(conn.execute, KEEP_LATEST, span),
    )


def _compress_written(conn: Conn, written: datetime) -> None:
    """On TimescaleDB, compress the lamp chunks the policy would compress by now.

    The policy's job runs every hour in production, so a month of readings never waits
    uncompressed: here, after each day written, the chunks wholly written and older than the
    policy's 14 days are compressed.
    """
    if not _count(conn, TIMESCALEDB):
        return
    conn.execute(COMPRESS_WRITTEN, {"written": written})


def seed(conn: Conn) -> None:
    """Angers and a generated second territory (what no read of Angers may show)."""
    seed_angers(conn)
    seed_generated(conn, TerritoryPlan("beta", "Beta", 5_000, 8, 0.3, 1))


def _cabinets_meters(conn: Conn, span: dict[str, datetime]) -> None:
    conn.execute(rules_bench.CABINETS, span)
    conn.execute(rules_bench.METERS, span)


def _api_year(conn: Conn) -> None:
    api_bench.fill_history(conn, "day")


def settle(conn: Conn, storage: str) -> None:
    """Let compression or partitioning act; bytes per lamp reading before and after."""
    timed("VACUUM ANALYZE", lambda: conn.execute("VACUUM ANALYZE"))
    rows = _count(conn, "SELECT count(*) FROM lamp_readings")
    print(f"{'lamp readings stored':<60} {rows:>13,}")
    before = _lamp_bytes(conn, storage)
    print(f"{'bytes per lamp reading':<60} {before / rows:>13.1f}")
    if storage == "timescaledb":
        job = _count(conn, COMPRESSION_JOB)
        timed("compression policy's job (chunks older than 14 days)", lambda: _run_job(conn, job))
        _compression(conn, rows)
    else:
        timed("partition maintenance", lambda: partitions.maintain(conn))
    newest = _count(conn, NEWEST_INDEX)
    print(f"{'indexes of the period the collector writes into, MB':<60} {newest / 2**20:>13.0f}")


def _run_job(conn: Conn, job: int) -> None:
    conn.execute(f"CALL run_job({job})".encode())
    conn.execute("VACUUM ANALYZE lamp_readings_stored")


def _compression(conn: Conn, rows: int) -> None:
    """Bytes per lamp reading over the whole table and in the compressed chunks alone."""
    total = _lamp_bytes(conn, "timescaledb")
    row = conn.execute(
        "SELECT count(*), sum(after_compression_total_bytes), sum(before_compression_total_bytes)"
        " FROM chunk_compression_stats('lamp_readings_stored')"
        " WHERE compression_status = 'Compressed'"
    ).fetchone()
    assert row is not None
    chunks, after, before = (int(str(v or 0)) for v in row)
    packed = _count(
        conn,
        "SELECT count(*) FROM lamp_readings WHERE ts < (SELECT max(range_end)"
        " FROM timescaledb_information.chunks WHERE hypertable_name = 'lamp_readings_stored'"
        " AND is_compressed)",
    )
    print(f"{'bytes per lamp reading, whole table after':<60} {total / rows:>13.1f}")
    if not packed:
        print("no chunk older than the policy's 14 days: nothing compressed")
        return
    print(f"{'compressed chunks, their readings':<60} {chunks:>13,} {packed:>13,}")
    print(f"{'  bytes per reading before, after compression':<60} {before / packed:>13.1f}", end="")
    print(f" {after / packed:>9.1f}", flush=True)
    _columns(conn)


def _columns(conn: Conn) -> None:
    """Bytes per reading of each column in the newest compressed chunk (its stored form)."""
    (chunk,) = conn.execute(NEWEST_COMPRESSED).fetchone() or (None,)
    if chunk is None:
        return
    table = str(chunk)
    names = [str(n) for (n,) in conn.execute(COLUMNS, (table,)).fetchall()]
    sizes = sql.SQL(", ").join(
        sql.SQL("sum(pg_column_size({}))").format(sql.Identifier(n)) for n in names
    )
    schema, name = table.split(".")
    query = sql.SQL("SELECT sum(_ts_meta_count), {} FROM {}").format(
        sizes, sql.Identifier(schema, name)
    )
    row = conn.execute(query).fetchone()
    assert row is not None
    readings, *stored = (float(str(v or 0)) for v in row)
    print(f"  bytes per reading by column in {table}:")
    for name, size in sorted(zip(names, stored, strict=True), key=lambda c: -c[1]):
        if size / readings >= 0.05:
            print(f"    {name:<56} {size / readings:>13.2f}")


def _lamp_bytes(conn: Conn, storage: str) -> int:
    if storage == "timescaledb":
        return _count(conn, "SELECT hypertable_size('lamp_readings_stored')")
    return _count(
        conn,
        "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('lamp_readings_stored')",
    )


def _count(conn: Conn, query: str) -> int:
    row = conn.execute(query.encode()).fetchone()
    assert row is not None
    return int(str(row[0]))


def drain(url: str, empty: str, broker: MosquittoServer, root: Path) -> None:
    """The collector draining its queued session into the empty database, then into this one."""
    rates = {}
    for name, database in (("empty database", empty), ("this database", url)):
        with psycopg.connect(database, autocommit=True) as conn:
            codes = _drain_points(conn)
        figures = ingest.bench_collector_drain(
            database, broker, "single", codes, DRAIN_MESSAGES, DRAIN_MESSAGES,
            root / "collector.log", keep=True,
        )  # fmt: skip
        rates[name] = figures["msgs_s"]
        print(
            f"{'collector drain, ' + name + ', msgs/s (lost)':<60} {figures['msgs_s']:>13,.0f}"
            f" {figures['lost']:>9,.0f}",
            flush=True,
        )
    share = rates["this database"] / rates["empty database"]
    print(f"{'  into this database, share of the empty one':<60} {share:>13.0%}")


def _drain_points(conn: Conn) -> list[str]:
    """The light points of the collector's territory ``bench`` (2,000), made the first time."""
    rows = conn.execute(DRAIN_POINTS).fetchall()
    if not rows:
        town = make_territory(
            conn, code="bench", districts=10, cabinets_per_district=5, points_per_cabinet=40,
            buildings=0,
        )  # fmt: skip
        return town.point_codes
    return [str(code) for (code,) in rows]


def rollup_lag(conn: Conn, start: datetime, end: datetime) -> None:
    """Each 10-minute step of the fleet, then the rollup job: seconds of 600."""
    fleet = load_fleet(conn, "angers")
    jobs.aggregate_pending(conn)  # the cursor starts after the month written directly
    seconds: list[float] = []
    step = start
    for rows in write(conn, Month(fleet, start, end), steps=1):
        conn.execute(KEEP_LATEST, {"from": step, "to": step + STEP})
        conn.execute(BATCH, (step, step + STEP - timedelta(microseconds=1), rows))
        began = time.perf_counter()
        jobs.aggregate_pending(conn)
        seconds.append(time.perf_counter() - began)
        step += STEP
    print(
        f"{'rollup job per 10-minute step of the fleet, median, max':<60}"
        f" {statistics.median(seconds):>11.2f} s {max(seconds):>7.2f} s  (of 600 s)",
        flush=True,
    )


def api_reads(url: str, root: Path) -> None:
    """The API's main reads over this database, 4 clients."""
    with psycopg.connect(url, autocommit=True) as conn:
        tokens = api_bench.role_tokens(conn)
        measured = api_bench.endpoints(conn, "day")
    process, base = api_bench.serve(url, root)
    try:
        print(f"{'API read (4 clients, 200 requests)':<44} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (role, path) in measured.items():
            ms = sorted(api_bench.load(base, tokens[role], path, 4, 200))
            p95 = ms[int(0.95 * (len(ms) - 1))]
            print(f"{name:<44} {statistics.median(ms):8.1f} {p95:8.1f}", flush=True)
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main()
