"""An import cut short (the database gone, Ctrl-C) keeps its batches; run again, it finishes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from factories import SmallTerritory, make_territory
from historykit import cabinet_rows
from ingest_helpers import wait_until
from servers import REPO, PostgresServer, make_root

from core.migrations import migrate

DAYS = 140  # 20,161 readings a cabinet


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for one test, which the test may stop and restart."""
    root = make_root("vigie-import-pg-")
    server = PostgresServer(root)
    server.start()
    yield server
    try:
        server.stop()
    except RuntimeError:
        server.kill()
    shutil.rmtree(root, ignore_errors=True)


def _territory(
    url: str, tmp_path: Path, cabinets_per_district: int = 5
) -> tuple[SmallTerritory, Path, int]:
    migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        town = make_territory(
            conn, districts=2, cabinets_per_district=cabinets_per_district, points_per_cabinet=0
        )
    path = tmp_path / "cabinets.csv"
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("cabinet,ts,energyConsumed\n")
        for code in town.cabinet_codes:
            for ts, energy in cabinet_rows(days=DAYS):
                out.write(f"{code},{ts.isoformat()},{energy}\n")
                rows += 1
    return town, path, rows


def _start(url: str, path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "VIGIE_DATABASE_URL": url, "VIGIE_TERRITORY": "testville",
           "VIGIE_LOG_LEVEL": "WARNING"}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "vigie", "import", "readings", str(path), "--batch-rows", "2000"],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _stored(url: str) -> int:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(b"SELECT count(*) FROM cabinet_readings").fetchone()
    except psycopg.OperationalError:
        return -1
    assert row is not None
    return int(str(row[0]))


def _rerun_stores_the_rest(url: str, path: Path, rows: int, before: int) -> None:
    again = _start(url, path)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"{rows:,} cabinet rows read, {rows - before:,} readings stored, {before:,}" in out
    assert _stored(url) == rows
    with psycopg.connect(url) as conn:
        batches = conn.execute(b"SELECT sum(rows) FROM ingest_batches").fetchone()
    assert batches == (rows,)


def test_an_import_outliving_its_database_exits_cleanly_and_resumes(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    """PostgreSQL stopped mid-import: exit 1 naming it, no trace; the rerun stores the rest."""
    url = own_postgres.create_database("history")
    _, path, rows = _territory(url, tmp_path)
    importing = _start(url, path)
    wait_until(lambda: _stored(url) > 10_000, timeout=120, what="a few batches")
    own_postgres.stop()
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 1
    assert "error: the database went away" in err
    assert "run the same import again" in err
    assert "Traceback" not in out + err
    own_postgres.start()
    before = _stored(url)
    assert 10_000 < before < rows
    _rerun_stores_the_rest(url, path, rows, before)


def test_an_interrupted_import_keeps_its_batches_and_resumes(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    """Ctrl-C mid-import: exit 130, what was committed stays; the rerun stores the rest.

    Four times the other test's readings, so that the import is still running when the
    interrupt comes on a loaded machine.
    """
    url = own_postgres.create_database("history")
    _, path, rows = _territory(url, tmp_path, cabinets_per_district=20)
    importing = _start(url, path)
    wait_until(lambda: _stored(url) > 10_000, timeout=120, what="a few batches")
    importing.send_signal(signal.SIGINT)
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 130
    assert "interrupted: the batches committed are kept" in err
    assert "Traceback" not in out + err
    before = _stored(url)
    assert 10_000 < before < rows
    _rerun_stores_the_rest(url, path, rows, before)
