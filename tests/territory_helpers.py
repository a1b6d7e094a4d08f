"""The example town of docs/examples/lavalette, registered from its files for tests."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql

from registry.equipment_history import import_equipment
from registry.files import read_light_points
from registry.importer import import_light_points
from registry.policy_files import read_policy_folder
from registry.policy_import import import_policy
from registry.territory_files import read_rows
from registry.territory_import import import_territory_file

Conn = psycopg.Connection[tuple[object, ...]]
EXAMPLE = Path(__file__).parents[1] / "docs" / "examples" / "lavalette"
FILES = (
    ("territories", "territories.csv"),
    ("districts", "districts.geojson"),
    ("cabinets", "cabinets.csv"),
    ("buildings", "buildings.csv"),
    ("meters", "meters.csv"),
)


def fingerprint(db: Conn) -> object:
    """A digest of every registry table, to tell whether an import wrote anything."""
    tables = (
        "territories",
        "communes",
        "districts",
        "control_cabinets",
        "buildings",
        "meters",
        "light_points",
        "light_point_equipment",
    )
    return [
        db.execute(
            sql.SQL(
                "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {} t"
            ).format(sql.Identifier(table))
        ).fetchone()
        for table in tables
    ]


def import_example(db: Conn, folder: Path = EXAMPLE) -> dict[str, dict[str, int]]:
    """Import the territory files of a folder in their order; the counts of each."""
    counts = {}
    for kind, name in FILES:
        result = import_territory_file(db, read_rows(kind, folder / name), skip_invalid=False)
        assert result.skipped == []
        counts[kind] = dict(result.counts)
    return counts


def register_town(db: Conn, folder: Path = EXAMPLE, policy: Path | None = None) -> None:
    """Register a town from its files only, in the documented order of the commands."""
    import_example(db, folder)
    import_light_points(db, read_light_points(folder / "lightpoints.csv"), skip_invalid=False)
    equipment = import_equipment(
        db, read_rows("equipment", folder / "equipment.csv"), skip_invalid=False
    )
    assert equipment.skipped == []
    result = import_policy(db, read_policy_folder(policy or folder / "policy"), skip_invalid=False)
    assert result.problems == []
