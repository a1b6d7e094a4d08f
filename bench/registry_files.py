"""Registry files benchmark, run by hand: the Angers registry exported and imported as files.

    .venv/bin/python bench/registry_files.py

It starts its own PostgreSQL, seeds Angers (``vigie seed angers``: ~50,000 light points with
their equipment history, 300 buildings and their meters), and measures, once each:

- **export**: ``vigie export registry`` of the whole territory;
- **import, nothing changed**: each file imported back into the same database;
- **import into an empty database**: the files imported in the documented order into a freshly
  migrated database (the light points through ``vigie import lightpoints``).

Each import is set against the time to read its file (parse and check every row, no database),
and against one round trip to the database per row. ``docs/performance.md`` quotes its figures.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script, this file's folder comes first on the path: put the repository root there
# instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.equipment_history import import_equipment  # noqa: E402 - after the path is set
from registry.files import read_light_points  # noqa: E402 - after the path is set
from registry.importer import import_light_points  # noqa: E402 - after the path is set
from registry.registry_export import export_registry  # noqa: E402 - after the path is set
from registry.seed import DEFAULT_SEED, seed_angers  # noqa: E402 - after the path is set
from registry.territory_files import read_rows  # noqa: E402 - after the path is set
from registry.territory_import import import_territory_file  # noqa: E402 - after the path is set

Conn = psycopg.Connection[tuple[object, ...]]
ORDER = (
    ("territories", "territories.csv"),
    ("districts", "districts.geojson"),
    ("cabinets", "cabinets.csv"),
    ("buildings", "buildings.csv"),
    ("meters", "meters.csv"),
    ("lightpoints", "lightpoints.csv"),
    ("equipment", "equipment.csv"),
)


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _read(kind: str, path: Path) -> tuple[int, Callable[[], object]]:
    if kind == "lightpoints":
        parsed = read_light_points(path)
        return len(parsed.records), lambda: read_light_points(path)
    rows = read_rows(kind, path)
    return len(rows.records), lambda: read_rows(kind, path)


def _import(conn: Conn, kind: str, path: Path) -> None:
    if kind == "lightpoints":
        import_light_points(conn, read_light_points(path), skip_invalid=False)
    elif kind == "equipment":
        import_equipment(conn, read_rows(kind, path), skip_invalid=False)
    else:
        import_territory_file(conn, read_rows(kind, path), skip_invalid=False)


def _imports(conn: Conn, folder: Path, label: str) -> None:
    roundtrip, _ = _timed(lambda: [conn.execute(b"SELECT 1") for _ in range(1000)])
    roundtrip /= 1000
    print(f"{label} (a round trip: {roundtrip * 1e6:.0f} µs)")
    for kind, name in ORDER:
        rows, read = _read(kind, folder / name)
        reading, _ = _timed(read)
        started = time.perf_counter()
        _import(conn, kind, folder / name)
        seconds = time.perf_counter() - started
        print(
            f"  {name:<18} {rows:7,} rows {seconds:8.2f} s  x{seconds / reading:6.1f} of reading,"
            f" {seconds / max(rows, 1) / roundtrip:5.1f} round trips a row"
        )


def main() -> None:
    """Seed, export, import twice, print."""
    root = make_root("vigie-bench-registry-")
    server = PostgresServer(root)
    server.start()
    folder = root / "files"
    try:
        url = server.create_database("bench")
        migrate(url)
        empty = server.create_database("empty")
        migrate(empty)
        with psycopg.connect(url, autocommit=True) as conn:
            seconds, _ = _timed(lambda: seed_angers(conn, DEFAULT_SEED))
            print(f"seed: {seconds:.1f} s")
            seconds, counts = _timed(lambda: export_registry(conn, "angers", folder))
            print(f"export: {seconds:.2f} s, {counts}")
            _imports(conn, folder, "import, nothing changed")
        with psycopg.connect(empty, autocommit=True) as conn:
            _imports(conn, folder, "import into an empty database")
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
