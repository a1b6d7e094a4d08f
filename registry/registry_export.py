"""``vigie export registry DIR``: a territory's registry as the files its imports read.

``territories.csv``, ``districts.geojson`` (each district's outline as its geometry, none when
it has none), ``cabinets.csv``, ``buildings.csv``, ``meters.csv``, ``lightpoints.csv`` (each
point with its latest equipment) and ``equipment.csv`` (every span of every point). UTF-8, comma,
ISO dates, decimal points; rows in the order of their cells' text, so that two exports of the
same registry are identical byte for byte, whichever database they come from.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from core.database import Connection
from core.errors import NotFound
from registry import store
from registry.policy_export import cell
from registry.records import COLUMNS as LIGHT_POINT_COLUMNS
from registry.territory_files import columns

# file name → (query, columns), in the order the files are imported
CSV_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "territories.csv": ("export_territories", columns("territories")),
    "cabinets.csv": ("export_cabinets", columns("cabinets")),
    "buildings.csv": ("export_buildings", columns("buildings")),
    "meters.csv": ("export_meters", columns("meters")),
    "lightpoints.csv": ("export_light_points", LIGHT_POINT_COLUMNS),
    "equipment.csv": ("export_equipment", columns("equipment")),
}
DISTRICTS = "districts.geojson"


def export_registry(conn: Connection, territory: str, folder: Path) -> dict[str, int]:
    """Write the territory's registry files into ``folder``; how many rows each file has."""
    if store.territory_id(conn, territory) is None:
        raise NotFound(f"no territory {territory}")
    folder.mkdir(parents=True, exist_ok=True)
    written = {DISTRICTS: _write_districts(conn, territory, folder / DISTRICTS)}
    for name, (query, names) in CSV_FILES.items():
        rows = sorted([cell(row[n]) for n in names] for row in _rows(conn, query, territory))
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(names)
            out.writerows(rows)
        written[name] = len(rows)
    return written


def _rows(conn: Connection, query: str, territory: str) -> list[dict[str, Any]]:
    cur = conn.execute(store.QUERIES[query], {"territory": territory})
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur]


def _write_districts(conn: Connection, territory: str, path: Path) -> int:
    features = []
    for row in _rows(conn, "export_districts", territory):
        outline = row.pop("outline")
        properties = {k: v for k, v in row.items() if v is not None}
        features.append({"type": "Feature", "properties": properties, "geometry": outline})
    document = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(features)
