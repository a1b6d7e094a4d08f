"""Read inventory files (CSV, GeoJSON) into validated records, with every problem located."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import InvalidInput, Problem
from registry.records import COLUMNS, LightPointRecord

MAX_FILE_BYTES = 200 * 1024 * 1024
_EXTRA = "\0extra"  # keys no real column can have
_SHAPE = "\0shape"


@dataclass
class Parsed:
    """The valid records of a file, each with its place, and the problems found."""

    records: list[tuple[str, LightPointRecord]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_light_points(path: Path) -> Parsed:
    """Parse a CSV or GeoJSON file; raise InvalidInput only when the file as a whole is unusable."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in {".geojson", ".json"}:
        rows = _geojson_rows(path)
    else:
        raise InvalidInput(f"{path}: expected a .csv or .geojson file")
    parsed = Parsed()
    seen: dict[str, str] = {}
    for where, row in rows:
        _validate(where, row, parsed, seen)
    return parsed


def _validate(where: str, row: dict[str, Any], parsed: Parsed, seen: dict[str, str]) -> None:
    if row.pop(_SHAPE, None) is not None:
        parsed.problems.append(Problem(where, "not a GeoJSON Feature with properties"))
        return
    if (extra := row.pop(_EXTRA, None)) is not None:
        parsed.problems.append(Problem(where, f"more fields than the header has: {extra}"))
        return
    try:
        record = LightPointRecord.model_validate(row)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = ".".join(str(p) for p in error["loc"]) or "row"
            parsed.problems.append(Problem(where, f"{column}: {error['msg']}"))
        return
    if record.code in seen:
        parsed.problems.append(Problem(where, f"code {record.code} repeats {seen[record.code]}"))
        return
    seen[record.code] = where
    parsed.records.append((where, record))


def _csv_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = handle.readline()
            handle.seek(0)
            delimiter = max(",;\t", key=header.count)
            reader = csv.DictReader(handle, delimiter=delimiter)
            _check_header(path, reader.fieldnames or [])
            for row in reader:
                extra = row.pop(None, None)  # type: ignore[call-overload,unused-ignore]
                cleaned = {k: v for k, v in row.items() if v not in (None, "")}
                if extra:
                    cleaned[_EXTRA] = extra
                yield f"line {reader.line_num}", cleaned
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise InvalidInput(f"{path}: unreadable CSV: {exc}") from exc


def _check_header(path: Path, header: Sequence[str]) -> None:
    unknown = [c for c in header if c not in COLUMNS]
    missing = [
        c
        for c in ("code", "district", "latitude", "longitude", "technology", "nominal_power_w")
        if c not in header
    ]
    if unknown or missing:
        parts = ([f"unknown column(s) {unknown}"] if unknown else []) + (
            [f"missing column(s) {missing}"] if missing else []
        )
        raise InvalidInput(f"{path}: header: {'; '.join(parts)}; columns are {list(COLUMNS)}")


def _geojson_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
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
        row = dict(feature["properties"])
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates")
            if isinstance(coordinates, list) and len(coordinates) >= 2:  # noqa: PLR2004 - lon, lat
                row["longitude"], row["latitude"] = coordinates[0], coordinates[1]
        yield where, row
