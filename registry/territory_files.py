"""Read a territory file (CSV, or GeoJSON where a place or a shape matters) into checked records.

The CSV follows ``core.tabular``'s conventions (UTF-8 or Windows-1252; comma, semicolon or tab;
a decimal comma in semicolon files); dates are ``YYYY-MM-DD`` or ``DD/MM/YYYY``; yes/no cells
read ``true``/``false``, ``oui``/``non``, ``vrai``/``faux``, ``1``/``0``. In a GeoJSON
FeatureCollection, each feature's properties are the columns; a Point gives ``longitude`` and
``latitude``, a Polygon or MultiPolygon gives a district its ``outline``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput, Problem
from core.tabular import EXTRA, decimal_number, read_table
from registry.records import LightPointRecord
from registry.territory_records import (
    BuildingRecord,
    CabinetRecord,
    DistrictRecord,
    EquipmentRecord,
    MeterRecord,
    TerritoryRecord,
)

KINDS: dict[str, type[BaseModel]] = {
    "territories": TerritoryRecord,
    "districts": DistrictRecord,
    "cabinets": CabinetRecord,
    "buildings": BuildingRecord,
    "meters": MeterRecord,
    "equipment": EquipmentRecord,
    "lightpoints": LightPointRecord,
}
MAX_FILE_BYTES = 200 * 1024 * 1024
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YES_NO = {"oui": "true", "non": "false", "vrai": "true", "faux": "false"}
_SHAPE = "\0shape"


@dataclass
class Rows:
    """The valid records of a file, each with its place, and every problem found."""

    kind: str
    records: list[tuple[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def columns(kind: str) -> tuple[str, ...]:
    """A kind's columns, in the order an export writes them (a district's outline excepted)."""
    return tuple(n for n in KINDS[kind].model_fields if n != "outline")


def read_rows(kind: str, path: Path) -> Rows:
    """Parse a file of ``kind``; InvalidInput only when the file as a whole is unusable."""
    model = KINDS[kind]
    suffix = path.suffix.lower()
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
    if suffix == ".csv":
        table = read_table(path, max_bytes=MAX_FILE_BYTES)
        _check_header(path, kind, table.header)
        comma = table.decimal_comma
        rows: Iterator[tuple[str, dict[str, Any]]] = iter(table.rows)
    elif suffix in {".geojson", ".json"}:
        comma, rows = False, _features(path)
    else:
        raise InvalidInput(f"{path}: expected a .csv or .geojson file")
    found = Rows(kind)
    seen: dict[tuple[object, ...], str] = {}
    for where, cells in rows:
        record = _record(model, where, cells, found, decimal_comma=comma)
        if record is None:
            continue
        key = (record.code, record.valid_from) if kind == "equipment" else (record.code,)
        if key in seen:
            found.problems.append(Problem(where, f"code {record.code} repeats {seen[key]}"))
            continue
        seen[key] = where
        found.records.append((where, record))
    return found


def _check_header(path: Path, kind: str, header: list[str]) -> None:
    model = KINDS[kind]
    unknown = [c for c in header if c not in columns(kind)]
    missing = [n for n, f in model.model_fields.items() if f.is_required() and n not in header]
    if unknown or missing:
        parts = [f"unknown column(s) {unknown}"] if unknown else []
        parts += [f"missing column(s) {missing}"] if missing else []
        raise InvalidInput(f"{path}: header: {'; '.join(parts)}; columns are {list(columns(kind))}")


def _record(
    model: type[BaseModel],
    where: str,
    cells: dict[str, Any],
    found: Rows,
    *,
    decimal_comma: bool,
) -> Any:  # noqa: ANN401 - the kind's record model
    if cells.pop(_SHAPE, None) is not None:
        found.problems.append(Problem(where, "not a GeoJSON Feature with properties"))
        return None
    if EXTRA in cells:
        found.problems.append(Problem(where, f"more fields than the header has: {cells[EXTRA]}"))
        return None
    values = {
        name: _cell(model, name, text, decimal_comma=decimal_comma)
        if isinstance(text, str)
        else text
        for name, text in cells.items()
    }
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = ".".join(str(p) for p in error["loc"]) or "row"
            reason = str(error["msg"]).removeprefix("Value error, ")
            found.problems.append(Problem(where, f"{column}: {reason}"))
        return None


def _cell(model: type[BaseModel], name: str, text: str, *, decimal_comma: bool) -> str:
    kinds = _field_types(model, name)
    if date in kinds and (found := _FRENCH_DATE.match(text)):
        day, month, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if bool in kinds:
        return _YES_NO.get(text.lower(), text)
    if kinds & {float, int} and decimal_comma:
        return decimal_number(text)
    return text


@functools.cache
def _field_types(model: type[BaseModel], name: str) -> frozenset[type]:
    field_info = model.model_fields.get(name)
    return frozenset() if field_info is None else frozenset(_types(field_info.annotation))


def _types(annotation: object) -> set[type]:
    """The classes an annotation is made of (``Annotated[float, ...] | None``: float)."""
    if isinstance(annotation, type):
        return {annotation}
    found: set[type] = set()
    for arg in get_args(annotation):
        found |= _types(arg)
    origin = get_origin(annotation)
    return found | ({origin} if isinstance(origin, type) else set())


def _features(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        document = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInput(f"{path}: expected a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise InvalidInput(f"{path}: 'features' must be a list")
    for index, feature in enumerate(features):
        where = f"feature {index}"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            yield where, {_SHAPE: True}
            continue
        row = {k: v for k, v in feature["properties"].items() if v not in (None, "")}
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates")
            if isinstance(coordinates, list) and len(coordinates) >= 2:  # noqa: PLR2004 - lon, lat
                row["longitude"], row["latitude"] = coordinates[0], coordinates[1]
        elif geometry is not None:
            row["outline"] = geometry
        yield where, row
