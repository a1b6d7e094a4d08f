"""History import benchmark, run by hand: ``vigie import readings`` against a raw COPY.

    .venv/bin/python bench/history_import.py [--millions 2] [--runs 3] [--follow-millions 1]

It starts its own PostgreSQL, registers a territory shaped like Angers' lighting (1,250
cabinets) and 300 building meters, and writes two CSV files the way a supervision system
exports them: cabinet indexes every 10 minutes and meter indexes every hour, instant after
instant (``--millions`` million cabinet rows, a tenth as many meter rows). Then, in each of
``--runs`` runs, on empty tables:

- **raw COPY**: the same readings as typed rows, binary COPY into ``cabinet_readings`` and
  ``meter_readings``, 20,000 rows per transaction: the ceiling of the database path;
- **import**: ``vigie import readings`` as a process on the two files (parse, validate, COPY,
  dead letters, ingest batches), its wall time and its peak memory;
- **import again**: the same command once everything is stored (every batch goes through
  staging and ``ON CONFLICT``): what resuming an interrupted import costs per row.

It prints each run and the medians, with the import's ratio to the raw COPY of the same run.
Last, the aggregation's follower (``vigie aggregate --follow``, in a thread) and an import of
``--follow-millions`` million cabinet rows: following the import of a file in time order, then
of a file in device order (each cabinet's whole history, one after the other), then started
after the import of the device-ordered file: how many hours of rollups its passes recomputed
per hour imported, how long after the import it caught up, and the time of the cabinets' daily
step that follows (which the follower runs every five minutes).
``docs/performance.md`` quotes its figures.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on the path: put the repository root there
# instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from factories import make_territory  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation import follower, jobs  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set

START = datetime(2023, 1, 1, tzinfo=UTC)
CABINET_STEP = timedelta(minutes=10)
METER_STEP = timedelta(hours=1)
BATCH = 20_000
Reading = tuple[int, datetime, float, float | None]
CABINET_COPY = b"COPY cabinet_readings (cabinet_id, ts, energy_kwh, active_power_w) FROM STDIN"
METER_COPY = b"COPY meter_readings (meter_id, ts, value) FROM STDIN"
ELECTRICITY = b"SELECT id, code FROM meters WHERE quantity = 'electricity' ORDER BY id"


def cabinet_readings(ids: list[int], count: int, *, by_device: bool = False) -> Iterator[Reading]:
    """``count`` cabinet readings: (id, ts, index kWh, power W), time after time or by device."""
    instants = -(-count // len(ids))
    if by_device:
        for n, cabinet in enumerate(ids):
            for i in range(instants):
                if n * instants + i < count:
                    yield cabinet, START + i * CABINET_STEP, 1_000.0 + 0.667 * i, 4_000.0
        return
    for i in range(instants):
        for n, cabinet in enumerate(ids):
            if i * len(ids) + n < count:
                yield cabinet, START + i * CABINET_STEP, 1_000.0 + 0.667 * i, 4_000.0


def meter_readings(ids: list[int], count: int) -> Iterator[Reading]:
    """``count`` hourly meter indexes in kWh, time after time."""
    for i in range(-(-count // len(ids))):
        for n, meter in enumerate(ids):
            if i * len(ids) + n < count:
                yield meter, START + i * METER_STEP, 50_000.0 + 5.5 * i, None


def write_files(root: Path, codes: dict[str, dict[int, str]], millions: float) -> list[Path]:
    """The cabinet and the meter files; returns their paths."""
    cabinets, meters = root / "cabinets.csv", root / "meters.csv"
    count = int(millions * 1e6)
    with cabinets.open("w", encoding="utf-8") as out:
        out.write("cabinet,ts,energyConsumed,totalActivePower\n")
        names = codes["cabinet"]
        for cabinet, ts, energy, power in cabinet_readings(list(names), count):
            out.write(f"{names[cabinet]},{ts.isoformat()},{energy:.3f},{power}\n")
    with meters.open("w", encoding="utf-8") as out:
        out.write("meter,ts,value\n")
        names = codes["meter"]
        for meter, ts, energy, _ in meter_readings(list(names), count // 10):
            out.write(f"{names[meter]},{ts.isoformat()},{energy:.3f}\n")
    return [cabinets, meters]


def raw_copy(url: str, codes: dict[str, dict[int, str]], millions: float) -> float:
    """Rows per second of a binary COPY of the same readings, 20,000 per transaction."""
    count = int(millions * 1e6)
    tables = (
        (CABINET_COPY, ["int4", "timestamptz", "float8", "float4"],
         cabinet_readings(list(codes["cabinet"]), count)),
        (METER_COPY, ["int4", "timestamptz", "float8"],
         (r[:3] for r in meter_readings(list(codes["meter"]), count // 10))),
    )  # fmt: skip
    began = time.perf_counter()
    with psycopg.connect(url) as conn:
        for statement, types, readings in tables:
            while batch := list(itertools.islice(readings, BATCH)):
                with conn.cursor().copy(statement + b" (FORMAT BINARY)") as copy:
                    copy.set_types(types)
                    for row in batch:
                        copy.write_row(row)
                conn.commit()
    return (count + count // 10) / (time.perf_counter() - began)


def run_import(url: str, paths: list[Path]) -> tuple[float, float]:
    """``vigie import readings`` on ``paths``: its wall seconds and its peak memory in MiB."""
    env = {**os.environ, "VIGIE_DATABASE_URL": url, "VIGIE_TERRITORY": "bench",
           "VIGIE_LOG_LEVEL": "WARNING"}  # fmt: skip
    with tempfile.TemporaryFile() as output:
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "vigie", "import", "readings", *map(str, paths)],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        assert child.returncode == 0, output.read().decode()
    return seconds, usage.ru_maxrss / 1024


def truncate(url: str) -> None:
    """Empty the readings, their batches and the rollups between runs."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE cabinet_readings, meter_readings, ingest_batches, dead_letters,"
            " cabinet_rollups_hourly, meter_rollups_hourly, meter_consumption_daily,"
            " aggregation_cursors"
        )
        conn.execute("VACUUM ANALYZE cabinet_readings, meter_readings")


class Passes(logging.Handler):
    """The rollup passes of the aggregation, from its ``rollups recomputed`` log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.hours = self.seconds = 0.0
        self.last_busy = 0.0  # when the last pass that had batches to handle ended

    def emit(self, record: logging.LogRecord) -> None:
        """Add one pass."""
        if record.getMessage() == "rollups recomputed":
            self.hours += float(record.__dict__["hours"])
            self.seconds += float(record.__dict__["seconds"])
            if record.__dict__["batches"]:
                self.last_busy = time.perf_counter()


def follow_during_import(
    url: str, path: Path, hours_imported: float, *, follow: bool
) -> dict[str, float]:
    """The aggregation's follower during an import, or its first pass after: hours recomputed."""
    passes = Passes()
    logger = logging.getLogger("aggregation.jobs")
    logger.addHandler(passes)
    logger.setLevel(logging.INFO)
    loop = follower.Follower(url, evaluate_s=1e9)
    thread = threading.Thread(target=loop.run)
    try:
        if follow:
            thread.start()
        seconds, _ = run_import(url, [path])
        ended = time.perf_counter()
        if follow:
            time.sleep(loop.poll_s)  # a pass with nothing left to do, once caught up
            while time.perf_counter() - passes.last_busy < loop.poll_s:
                time.sleep(0.5)
            loop.stop()
            thread.join()
        else:
            with psycopg.connect(url, autocommit=True) as conn:
                jobs.aggregate_pending(conn, daily=False)
        done = max(passes.last_busy, ended)
        with psycopg.connect(url, autocommit=True) as conn:
            daily = time.perf_counter()
            jobs.recompute_daily(conn)
            daily = time.perf_counter() - daily
    finally:
        logger.removeHandler(passes)
    return {
        "import_s": seconds,
        "ratio": passes.hours / hours_imported,
        "job_s": passes.seconds,
        "catch_up_s": done - ended,
        "daily_s": daily,
    }


def main() -> None:
    """Run every scenario and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--millions", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--follow-millions", type=float, default=1.0)
    args = parser.parse_args()
    root = make_root("vigie-bench-history-")
    pg = PostgresServer(root / "pg")
    pg.start()
    try:
        _run(args, pg, root)
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def _run(args: argparse.Namespace, pg: PostgresServer, root: Path) -> None:
    url = pg.create_database("bench")
    migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        make_territory(conn, code="bench", districts=10, cabinets_per_district=125,
                       points_per_cabinet=0, buildings=300)  # fmt: skip
        codes = {
            kind: {int(str(i)): str(c) for i, c in conn.execute(query).fetchall()}
            for kind, query in (
                ("cabinet", b"SELECT id, code FROM control_cabinets ORDER BY id"),
                ("meter", ELECTRICITY),
            )
        }  # fmt: skip
    paths = write_files(root, codes, args.millions)
    rows = int(args.millions * 1e6) + int(args.millions * 1e6) // 10
    size = sum(p.stat().st_size for p in paths) / 2**20
    print(f"{rows:,} rows ({size:.0f} MiB of CSV), {len(codes['cabinet'])} cabinets, "
          f"{len(codes['meter'])} meters; PostgreSQL with"
          f"{'' if pg.timescaledb else 'out'} TimescaleDB", flush=True)  # fmt: skip
    print(f"{'run':>4} {'raw COPY rows/s':>16} {'import rows/s':>14} {'vs COPY':>8} "
          f"{'again rows/s':>13} {'peak MiB':>9}", flush=True)  # fmt: skip
    figures: list[tuple[float, float, float, float]] = []
    for run in range(1, args.runs + 1):
        truncate(url)
        copy_rate = raw_copy(url, codes, args.millions)
        truncate(url)
        seconds, peak = run_import(url, paths)
        again, _ = run_import(url, paths)
        figures.append((copy_rate, rows / seconds, rows / again, peak))
        print(f"{run:>4} {copy_rate:16,.0f} {rows / seconds:14,.0f} "
              f"{rows / seconds / copy_rate:8.0%} {rows / again:13,.0f} {peak:9.0f}",
              flush=True)  # fmt: skip
    copy_m, import_m, again_m, peak_m = (statistics.median(f) for f in zip(*figures, strict=True))
    ratios = statistics.median(f[1] / f[0] for f in figures)
    print(f"{'med':>4} {copy_m:16,.0f} {import_m:14,.0f} {ratios:8.0%} {again_m:13,.0f} "
          f"{peak_m:9.0f}", flush=True)  # fmt: skip
    _follow(url, root, codes, args.follow_millions)


def _follow(url: str, root: Path, codes: dict[str, dict[int, str]], millions: float) -> None:
    count = int(millions * 1e6)
    names = codes["cabinet"]
    hours = -(-count // len(names)) * CABINET_STEP.total_seconds() / 3600
    print(f"the rollup job and an import of {count:,} cabinet rows ({hours:.0f} h of history):",
          flush=True)  # fmt: skip
    for order, follow in (("time", True), ("device", True), ("device", False)):
        path = root / f"follow-{order}.csv"
        with path.open("w", encoding="utf-8") as out:
            out.write("cabinet,ts,energyConsumed,totalActivePower\n")
            for cabinet, ts, energy, power in cabinet_readings(
                list(names), count, by_device=order == "device"
            ):
                out.write(f"{names[cabinet]},{ts.isoformat()},{energy:.3f},{power}\n")
        truncate(url)
        r = follow_during_import(url, path, hours, follow=follow)
        when = "following the import" if follow else "started after the import"
        print(f"  {order} order, follower {when}: import {r['import_s']:.1f} s; rollup passes "
              f"{r['job_s']:.1f} s, {r['ratio']:.1f} hours recomputed per hour imported, caught "
              f"up {r['catch_up_s']:.1f} s after the import; then the cabinets' days "
              f"{r['daily_s']:.1f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
