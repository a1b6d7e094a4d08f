"""``docs/bring-your-own-territory.md`` documents every column of every territory file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from registry.territory_files import KINDS, columns

DOC = Path(__file__).resolve().parents[2] / "docs" / "bring-your-own-territory.md"
SECTIONS = {
    "territories": "## territories.csv",
    "districts": "## districts.geojson or districts.csv",
    "cabinets": "## cabinets.csv",
    "buildings": "## buildings.csv",
    "meters": "## meters.csv",
    "equipment": "## equipment.csv",
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_of_a_file_is_in_its_table(kind: str) -> None:
    """The section of each file lists exactly the columns its record has."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(SECTIONS[kind] + "\n", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z_0-9]+)`", line.split("|")[1])
    }
    assert documented == set(columns(kind))
