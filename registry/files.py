"""Read light-point inventory files (CSV, GeoJSON) into validated records, every problem located.

The reading is the territory files' (``registry.territory_files``): UTF-8 or Windows-1252,
comma, semicolon or tab, a decimal comma in semicolon files, ``DD/MM/YYYY`` dates, yes/no cells
in English or French; a GeoJSON ``Point`` gives the position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.errors import Problem
from registry.records import LightPointRecord
from registry.territory_files import read_rows


@dataclass
class Parsed:
    """The valid records of a file, each with its place, and the problems found."""

    records: list[tuple[str, LightPointRecord]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_light_points(path: Path) -> Parsed:
    """Parse a CSV or GeoJSON file; raise InvalidInput only when the file as a whole is unusable."""
    rows = read_rows("lightpoints", path)
    return Parsed(rows.records, rows.problems)
