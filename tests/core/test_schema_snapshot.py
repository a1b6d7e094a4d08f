"""The migrations and the committed schema snapshot (tests/core/schema.sql) agree."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from schema_dump import REGENERATE, SNAPSHOT, migrated_schema
from servers import PostgresServer, make_root

from core.migrations import FOLDER


@pytest.fixture(scope="module")
def plain_postgres() -> Iterator[PostgresServer]:
    """A cluster without TimescaleDB, whatever the machine has: the snapshot's plain path."""
    root = make_root("vigie-plain-pg-")
    server = PostgresServer(root, timescaledb=False)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _drift(expected: str, actual: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(),
        actual.splitlines(),
        "tests/core/schema.sql",
        "migrations",
        n=1,
        lineterm="",
    )
    return "\n".join(list(diff)[:80])


def test_migrations_give_the_committed_schema(plain_postgres: PostgresServer) -> None:
    """A fresh migration dumps exactly the snapshot; if not, the message says how to refresh it."""
    actual = migrated_schema(plain_postgres, "snapshot_check")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if actual != expected:
        pytest.fail(
            "the migrated schema differs from tests/core/schema.sql; if the migrations are"
            f" right, run {REGENERATE} and commit the file:\n{_drift(expected, actual)}",
            pytrace=False,
        )


def test_a_drifting_migration_is_caught(plain_postgres: PostgresServer, tmp_path: Path) -> None:
    """One more migration changing a column makes the dump differ, and the diff names it."""
    folder = tmp_path / "migrations"
    shutil.copytree(FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / "9999_drift.sql").write_text(
        "ALTER TABLE dead_letters ADD COLUMN drifted boolean;\n", encoding="utf-8"
    )
    actual = migrated_schema(plain_postgres, "snapshot_drift", folder)
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert actual != expected
    assert "+    drifted boolean" in _drift(expected, actual)
