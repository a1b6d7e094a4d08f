"""``vigie export registry`` and ``vigie export policy``: the round trip through files."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from servers import PostgresServer
from territory_helpers import register_town

from registry.policy_export import export_policy
from registry.registry_export import export_registry

Conn = psycopg.Connection[tuple[object, ...]]


@pytest.fixture
def other_db(postgres: PostgresServer) -> Iterator[Conn]:
    """A second fresh, migrated, empty database in the same test."""
    name = f"other_{uuid.uuid4().hex[:12]}"
    url = postgres.create_database(name, template="vigie_template")
    with psycopg.connect(url, autocommit=True) as conn:
        yield conn
    postgres.drop_database(name)


def _export(db: Conn, folder: Path) -> dict[str, int]:
    counts = export_registry(db, "lavalette", folder)
    counts |= {
        f"policy/{n}": c for n, c in export_policy(db, "lavalette", folder / "policy").items()
    }
    return counts


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_export_import_into_an_empty_database_export_gives_identical_files(
    db: Conn, other_db: Conn, tmp_path: Path
) -> None:
    """The example town, exported, imported elsewhere and exported again: the same bytes."""
    register_town(db)
    first = _export(db, tmp_path / "first")
    assert first["lightpoints.csv"] == 8
    assert first["equipment.csv"] == 12
    assert first["meters.csv"] == 5
    assert first["districts.geojson"] == 2
    assert first["policy/scopes.csv"] == 1
    register_town(other_db, tmp_path / "first")
    second = _export(other_db, tmp_path / "second")
    assert second == first
    assert _files(tmp_path / "second") == _files(tmp_path / "first")
    outline = other_db.execute(b"SELECT outline FROM districts WHERE code = 'LAV-NORD'")
    assert (
        outline.fetchone()
        == db.execute(b"SELECT outline FROM districts WHERE code = 'LAV-NORD'").fetchone()
    )


def test_the_export_reads_back_as_no_change(db: Conn, tmp_path: Path) -> None:
    """Importing a town's own export into its database changes nothing."""
    register_town(db)
    _export(db, tmp_path / "out")
    before = _files(tmp_path / "out")
    register_town(db, tmp_path / "out")
    _export(db, tmp_path / "again")
    assert _files(tmp_path / "again") == before
