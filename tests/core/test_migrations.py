"""Migrations: from empty, twice, concurrently, and checked against what they declare."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from core.errors import MigrationError
from core.migrations import declared, migrate

READING_TABLES = ("lamp_readings_stored", "cabinet_readings", "meter_readings")


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_migrate_from_empty_creates_every_table(empty_db_url: str) -> None:
    """An empty database gets every declared migration and the tables they create."""
    applied = migrate(empty_db_url)
    assert [m.version for m in applied] == [m.version for m in declared()]
    tables = _tables(empty_db_url)
    expected = {
        "light_points",
        "light_point_equipment",
        "missions",
        "actions",
        "indicators",
        "indicator_values",
        "dead_letters",
        "schema_migrations",
        *READING_TABLES,
    }
    assert expected <= tables


def test_migrate_twice_applies_nothing_the_second_time(empty_db_url: str) -> None:
    """A second run finds everything applied and changes nothing."""
    migrate(empty_db_url)
    assert migrate(empty_db_url) == []


def test_concurrent_migrations_apply_each_file_once(empty_db_url: str) -> None:
    """Four processes migrating at once leave one record per migration and no error."""
    errors: list[BaseException] = []
    results: list[int] = []

    def run() -> None:
        try:
            results.append(len(migrate(empty_db_url)))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [0, 0, 0, len(declared())]
    with psycopg.connect(empty_db_url) as conn:
        count = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
    assert count == (len(declared()),)


def test_changed_migration_is_refused(empty_db_url: str, tmp_path: Path) -> None:
    """Editing a migration after it ran is an error that names the file."""
    for m in declared():
        (tmp_path / f"{m.version:04d}_{m.name}.sql").write_text(m.sql)
    migrate(empty_db_url, tmp_path)
    first = next(tmp_path.glob("0001_*.sql"))
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="0001_territory changed"):
        migrate(empty_db_url, tmp_path)


def test_repeated_number_is_refused(tmp_path: Path) -> None:
    """Two files with one number are reported before anything runs."""
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0001_b.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match=r"share a number: \[1\]"):
        declared(tmp_path)


def test_migration_below_the_newest_applied_is_refused(empty_db_url: str, tmp_path: Path) -> None:
    """A file numbered below what the database already has would run out of order: refused."""
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0010_c.sql").write_text("SELECT 1;")
    migrate(empty_db_url, tmp_path)
    (tmp_path / "0005_b.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="0005_b would apply after 0010"):
        migrate(empty_db_url, tmp_path)


def test_failed_migration_leaves_nothing_behind(empty_db_url: str, tmp_path: Path) -> None:
    """A migration that fails halfway is rolled back whole and not recorded."""
    (tmp_path / "0001_ok.sql").write_text("CREATE TABLE a (x int);")
    (tmp_path / "0002_bad.sql").write_text("CREATE TABLE b (x int); SELECT 1/0;")
    with pytest.raises(MigrationError, match="0002_bad failed: division by zero"):
        migrate(empty_db_url, tmp_path)
    assert "b" not in _tables(empty_db_url)
    assert "a" in _tables(empty_db_url)


def test_storage_layout_matches_the_server(db_url: str, postgres: object) -> None:
    """Reading tables are hypertables exactly when TimescaleDB is preloaded."""
    timescale = bool(getattr(postgres, "timescaledb", False))
    with psycopg.connect(db_url) as conn:
        row = conn.execute(
            "SELECT enabled FROM storage_features WHERE feature = 'timescaledb'"
        ).fetchone()
        assert row == (timescale,)
        if timescale:
            hypertables = conn.execute(
                "SELECT hypertable_name FROM timescaledb_information.hypertables"
            ).fetchall()
            assert {str(r[0]) for r in hypertables} == set(READING_TABLES)


def test_tokens_and_people_keep_the_territory_they_saw(empty_db_url: str, tmp_path: Path) -> None:
    """0140 gives the tokens and people already there every territory of the database."""
    for m in declared():
        if m.version < 140:
            (tmp_path / f"{m.version:04d}_{m.name}.sql").write_text(m.sql)
    migrate(empty_db_url, tmp_path)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO territories (code, name, latitude, longitude)"
            " VALUES ('angers', 'Angers', 47.47, -0.55)"
        )
        conn.execute("INSERT INTO people (name, email) VALUES ('Ada', 'ada@town.example.org')")
        conn.execute(
            "INSERT INTO api_tokens (token_sha256, prefix, role)"
            " VALUES (%s, 'vigie_abcdef', 'viewer')",
            ("a" * 64,),
        )
    migrate(empty_db_url)
    with psycopg.connect(empty_db_url) as conn:
        tokens = conn.execute(
            "SELECT t.code FROM token_territories s JOIN territories t ON t.id = s.territory_id"
        ).fetchall()
        people = conn.execute(
            "SELECT t.code FROM person_territories s JOIN territories t ON t.id = s.territory_id"
        ).fetchall()
    assert tokens == [("angers",)]
    assert people == [("angers",)]
