"""The policy as a folder of spreadsheet files: one CSV per kind, and the drawn areas in GeoJSON.

``FILES`` lists them in the order they are applied; each row is one record of
``core.policy.records`` (its fields are the columns, ``docs/policy-files.md`` documents them).
``read_policy_folder`` reads every file of a folder and checks every row on its own; the
references between rows are checked when they are applied (``policy_import``).

Cells follow the spreadsheet conventions of ``core.tabular`` (UTF-8 or Windows-1252; comma,
semicolon or tab; a decimal comma in semicolon files); dates are ``YYYY-MM-DD`` or
``DD/MM/YYYY``; an indicator's ``parameters`` are ``name=value`` pairs separated by spaces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import ValidationError

from core.errors import InvalidInput, Problem
from core.policy.areas import GEOMETRY
from core.policy.records import (
    ActionRecord,
    BudgetRecord,
    Code,
    IndicatorRecord,
    MissionRecord,
    PersonRecord,
    PolicyRecord,
    Record,
    RoleRecord,
    ScopeRecord,
    TargetRecord,
)
from core.tabular import EXTRA, Table, decimal_number, read_table

AREAS = "areas.geojson"
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class ScopeRow(ScopeRecord):
    """A row of ``scopes.csv`` or ``control_groups.csv``: a scope record of an action."""

    action: Code


@dataclass(frozen=True)
class PolicyFile:
    """A file of the set: its name, the record of its rows, and what identifies a row in it."""

    name: str
    model: type[Record]
    key: Callable[[Any], tuple[object, ...]]
    parent: str | None = None  # the column naming the object a row belongs to
    order: tuple[str, ...] = ()  # the columns' order in an export, when not the model's

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns, in the order an export writes them."""
        return self.order or tuple(self.model.model_fields)

    @property
    def required(self) -> tuple[str, ...]:
        """The columns a header must have."""
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())


def _scope_key(row: ScopeRow) -> tuple[object, ...]:
    street = None if row.street is None else " ".join(row.street.lower().split())
    return (row.action, row.kind, row.code, street, row.existed_on, row.area)


SCOPE_COLUMNS = ("action", "kind", "code", "street", "existed_on", "area")
FILES: tuple[PolicyFile, ...] = (
    PolicyFile("people.csv", PersonRecord, lambda r: (r.email.lower(),)),
    PolicyFile("roles.csv", RoleRecord, lambda r: (r.person.lower(), r.role), "person"),
    PolicyFile("policy.csv", PolicyRecord, lambda r: (r.code,)),
    PolicyFile("missions.csv", MissionRecord, lambda r: (r.policy, r.code)),
    PolicyFile("actions.csv", ActionRecord, lambda r: (r.code,)),
    PolicyFile("budgets.csv", BudgetRecord, lambda r: (r.mission, r.action, r.year), "mission"),
    PolicyFile("scopes.csv", ScopeRow, _scope_key, "action", SCOPE_COLUMNS),
    PolicyFile("control_groups.csv", ScopeRow, _scope_key, "action", SCOPE_COLUMNS),
    PolicyFile("indicators.csv", IndicatorRecord, lambda r: (r.code,)),
    PolicyFile("targets.csv", TargetRecord, lambda r: (r.indicator, r.target_on), "indicator"),
)
BY_NAME = {f.name: f for f in FILES}


@dataclass
class FileRows:
    """The valid rows of one file, each with its place, and the parents of its refused rows."""

    file: PolicyFile
    present: bool = False
    rows: list[tuple[str, Any]] = field(default_factory=list)
    refused_parents: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Area:
    """A drawn area of ``areas.geojson``."""

    where: str
    name: str
    shape: Any


@dataclass
class Folder:
    """What a policy folder holds, and every problem found in it, each named by file and line."""

    path: Path
    files: dict[str, FileRows]
    areas: list[Area] = field(default_factory=list)
    areas_present: bool = False
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, name: str, where: str, reason: str) -> None:
        """Record a problem at a place of a file."""
        self.problems.append(Problem(f"{name}: {where}", reason))

    def listed(self) -> list[Problem]:
        """The problems in the order of the files, then of their lines."""
        order = {name: i for i, name in enumerate((*BY_NAME, AREAS))}

        def place(problem: Problem) -> tuple[int, int]:
            name, _, where = problem.where.partition(": ")
            number = where.rsplit(" ", 1)[-1]
            return order.get(name, -1), int(number) if number.isdigit() else 0

        return sorted(self.problems, key=place)


def read_policy_folder(path: Path) -> Folder:
    """Read every policy file of a folder; InvalidInput only when the folder cannot be read."""
    if not path.is_dir():
        raise InvalidInput(f"{path}: not a folder")
    folder = Folder(path, {f.name: FileRows(f) for f in FILES})
    if not (path / "policy.csv").is_file():
        folder.refuse("policy.csv", "file", "missing: it names the territory and its policies")
    for spec in FILES:
        if (path / spec.name).is_file():
            _read_file(folder, spec)
    if (path / AREAS).is_file():
        folder.areas_present = True
        _read_areas(folder)
    return folder


def _read_file(folder: Folder, spec: PolicyFile) -> None:
    rows = folder.files[spec.name]
    rows.present = True
    try:
        table = read_table(folder.path / spec.name)
    except InvalidInput as exc:
        folder.refuse(spec.name, "file", str(exc).removeprefix(f"{folder.path / spec.name}: "))
        return
    unknown = [c for c in table.header if c not in spec.columns]
    missing = [c for c in spec.required if c not in table.header]
    if unknown or missing:
        parts = [f"unknown column(s) {unknown}"] if unknown else []
        parts += [f"missing column(s) {missing}"] if missing else []
        folder.refuse(spec.name, "header", f"{'; '.join(parts)}; columns are {list(spec.columns)}")
        return
    seen: dict[tuple[object, ...], str] = {}
    for where, cells in table.rows:
        record = _record(folder, spec, table, where, cells)
        if record is None:
            if spec.parent and spec.parent in cells:
                rows.refused_parents.add(cells[spec.parent])
            continue
        key = spec.key(record)
        if key in seen:
            folder.refuse(spec.name, where, f"repeats {seen[key]}")
            continue
        seen[key] = where
        rows.rows.append((where, record))


def _record(
    folder: Folder, spec: PolicyFile, table: Table, where: str, cells: dict[str, str]
) -> Any:  # noqa: ANN401 - the file's record model
    if EXTRA in cells:
        folder.refuse(spec.name, where, f"more cells than the header has: {cells[EXTRA]}")
        return None
    try:
        values = {name: _cell(spec, name, text, table) for name, text in cells.items()}
        return spec.model.model_validate(values)
    except ValueError as exc:  # ValidationError is one
        for problem in _problems(exc):
            folder.refuse(spec.name, where, str(problem))
        return None


def _problems(exc: ValueError) -> list[Problem]:
    if not isinstance(exc, ValidationError):
        return [Problem("parameters", str(exc))]
    return [
        Problem(
            ".".join(str(p) for p in e["loc"]) or "row",
            str(e["msg"]).removeprefix("Value error, "),
        )
        for e in exc.errors(include_url=False)
    ]


def _cell(spec: PolicyFile, name: str, text: str, table: Table) -> object:
    kinds = _types(spec.model.model_fields[name].annotation)
    if dict in kinds:
        return parse_parameters(text)
    if date in kinds and (found := _FRENCH_DATE.match(text)):
        day, month, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if kinds & {float, int, Decimal} and table.decimal_comma:
        return decimal_number(text)
    return text


def _types(annotation: object) -> set[type]:
    """The classes an annotation is made of (``Annotated[Decimal, ...] | None``: Decimal)."""
    if isinstance(annotation, type):
        return {annotation}
    found: set[type] = set()
    for arg in get_args(annotation):
        found |= _types(arg)
    origin = get_origin(annotation)
    return found | ({origin} if isinstance(origin, type) else set())


def parse_parameters(text: str) -> dict[str, str]:
    """``since=2020-01-01 field=spent`` as a mapping; ValueError when it is not such pairs."""
    pairs = text.split()
    if not all(p.count("=") == 1 and not p.startswith("=") for p in pairs):
        raise ValueError(f"expected name=value pairs separated by spaces, got {text!r}")
    return dict(p.split("=", 1) for p in pairs)


def format_parameters(parameters: dict[str, Any]) -> str:
    """The inverse of ``parse_parameters``, names in order."""
    return " ".join(f"{k}={_scalar(v)}" for k, v in sorted(parameters.items()))


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read_areas(folder: Folder) -> None:
    try:
        document = json.loads((folder.path / AREAS).read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        folder.refuse(AREAS, "file", f"not valid JSON: {exc}")
        return
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        folder.refuse(AREAS, "file", "expected a GeoJSON FeatureCollection")
        return
    seen: dict[str, str] = {}
    for index, feature in enumerate(features):
        where = f"feature {index}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get("name") if isinstance(properties, dict) else None
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name):
            folder.refuse(AREAS, where, "properties.name: a name of letters, digits, . _ -")
            continue
        try:
            shape = GEOMETRY.validate_python(feature.get("geometry"))
        except ValidationError as exc:
            for problem in _problems(exc):
                folder.refuse(AREAS, where, f"geometry.{problem}")
            continue
        if name in seen:
            folder.refuse(AREAS, where, f"name {name} repeats {seen[name]}")
            continue
        seen[name] = where
        folder.areas.append(Area(where, name, shape))
