"""``vigie export policy DIR``: the stored policy of a territory as the files an import reads.

The same files, columns and conventions as ``policy_files`` (UTF-8, comma, ISO dates, decimal
points), every file written even when empty, rows in the order of their columns' text so that
two exports of the same policy are identical byte for byte, whichever database they come from.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.database import Connection
from core.errors import NotFound
from core.policy import reads
from core.policy.store import value
from registry.policy_files import AREAS, FILES, PolicyFile, format_parameters

_KIND = {
    "people.csv": "person",
    "roles.csv": "role",
    "policy.csv": "policy",
    "missions.csv": "mission",
    "actions.csv": "action",
    "budgets.csv": "budget",
    "scopes.csv": "scope",
    "control_groups.csv": "scope",
    "indicators.csv": "indicator",
    "targets.csv": "target",
}
_ROLE = {"scopes.csv": "treated", "control_groups.csv": "control"}


def export_policy(conn: Connection, territory: str, folder: Path) -> dict[str, int]:
    """Write the territory's policy files into ``folder``; how many rows each file has."""
    territory_id = value(conn, "territory_id", {"code": territory})
    if territory_id is None:
        raise NotFound(f"no territory {territory}")
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for spec in FILES:
        rows = [_cells(spec, r) for r in _stored(conn, int(territory_id), spec)]
        rows.sort()
        with (folder / spec.name).open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(spec.columns)
            out.writerows(rows)
        written[spec.name] = len(rows)
    written[AREAS] = _write_areas(conn, int(territory_id), folder / AREAS)
    return written


def _stored(conn: Connection, territory_id: int, spec: PolicyFile) -> list[dict[str, Any]]:
    kind = _KIND[spec.name]
    if kind in {"person", "role"}:
        return reads.records(conn, kind)
    found = reads.records(conn, kind, territory_id=territory_id)
    role = _ROLE.get(spec.name)
    return [r for r in found if role is None or r["role"] == role]


def _cells(spec: PolicyFile, row: dict[str, Any]) -> list[str]:
    return [cell(row[column]) for column in spec.columns]


def cell(value: object) -> str:
    """A stored value as a file's cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return format_parameters(value)
    if isinstance(value, Decimal | int | str):
        return str(value)
    raise TypeError(f"no cell for {type(value).__name__}")


def _write_areas(conn: Connection, territory_id: int, path: Path) -> int:
    areas = reads.records(conn, "area", territory_id=territory_id)
    features = [
        {"type": "Feature", "properties": {"name": a["name"]}, "geometry": a["geometry"]}
        for a in sorted(areas, key=lambda a: str(a["name"]))
    ]
    document = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(features)
