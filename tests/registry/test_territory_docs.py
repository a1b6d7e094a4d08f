"""The docs list every column of every territory file, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from registry.territory_files import KINDS, columns

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = "bring-your-own-territory.md"
SECTIONS = {
    "territories": (PAGE, "## territories.csv"),
    "districts": (PAGE, "## districts.geojson or districts.csv"),
    "cabinets": (PAGE, "## cabinets.csv"),
    "buildings": (PAGE, "## buildings.csv"),
    "meters": (PAGE, "## meters.csv"),
    "equipment": (PAGE, "## equipment.csv"),
    "lightpoints": ("inventory-import.md", "## Columns"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_of_a_file_is_in_its_table(kind: str) -> None:
    """The section of each file lists exactly the columns its record has."""
    page, heading = SECTIONS[kind]
    text = (DOCS / page).read_text(encoding="utf-8")
    section = text.split(heading + "\n", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z_0-9]+)`", line.split("|")[1])
    }
    assert documented == set(columns(kind))
