"""What Grafana's PostgreSQL datasource and its panels demand of a result (``sqleng``).

A result is checked from PostgreSQL's column types, as Grafana reads them: the column named
``time`` is the time (a time type or a numeric epoch); in time-series format every other column
is a label (text) or a value converted to float (numbers and booleans), rows sorted by time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

TIME_TYPES = {"timestamptz", "timestamp", "date"}
NUMBER_TYPES = {"int2", "int4", "int8", "float4", "float8", "numeric", "bool", "oid"}
TEXT_TYPES = {"text", "varchar", "bpchar", "name", "unknown"}
EPOCH_SECONDS = (1e8, 1e11)  # what Grafana reads as seconds (magnitude e+09)


@dataclass(frozen=True)
class Result:
    """Columns (name, PostgreSQL type name) and rows of one query."""

    columns: list[tuple[str, str]]
    rows: list[tuple[Any, ...]]

    def values(self, name: str) -> list[Any]:
        """The values of one column."""
        index = [c for c, _ in self.columns].index(name)
        return [row[index] for row in self.rows]

    def types(self) -> dict[str, str]:
        """Column name to type name."""
        return dict(self.columns)


def problems(result: Result, fmt: str, panel_type: str | None, kind: str) -> list[str]:
    """Everything Grafana would refuse or misdraw in this result; empty when it is fine."""
    found: list[str] = []
    types = result.types()
    if len(types) != len(result.columns):
        found.append(f"duplicate column names: {[c for c, _ in result.columns]}")
    if kind == "variable":
        return found + _variable(result)
    if kind == "annotation":
        return found + _annotation(result)
    found += [
        f"column {name} is {types[name]}, not a time or an epoch"
        for name in ("time", "timeend")
        if name in types and types[name] not in TIME_TYPES | NUMBER_TYPES - {"bool"}
    ]
    if fmt == "time_series":
        found += _time_series(result)
    return found + _panel(types, fmt, panel_type)


def _panel(types: dict[str, str], fmt: str, panel_type: str | None) -> list[str]:
    """What the panel type needs: its format and its columns."""
    found: list[str] = []
    if panel_type == "timeseries" and fmt != "time_series":
        found.append("a timeseries panel needs the time_series format")
    if panel_type in ("geomap", "table", "state-timeline") and fmt != "table":
        found.append(f"a {panel_type} panel needs the table format")
    if panel_type == "geomap":
        found += [
            f"geomap needs a numeric {name} column"
            for name in ("latitude", "longitude")
            if types.get(name) not in NUMBER_TYPES
        ]
    if panel_type == "bargauge" and not any(t in NUMBER_TYPES for t in types.values()):
        found.append("a bargauge panel needs a numeric column")
    if panel_type == "stat" and not any(t in NUMBER_TYPES | TEXT_TYPES for t in types.values()):
        found.append("a stat panel needs a numeric or text column")
    return found


def _time_series(result: Result) -> list[str]:
    types = result.types()
    if "time" not in types:
        return ["time column is missing (time_series format)"]
    found = [
        f"column {name} is {kind}: neither a label nor a number"
        for name, kind in result.columns
        if name != "time" and kind not in NUMBER_TYPES | TEXT_TYPES
    ]
    if not any(kind in NUMBER_TYPES for name, kind in result.columns if name != "time"):
        found.append("no numeric value column")
    if "metric" in types and types["metric"] not in TEXT_TYPES:
        found.append("metric column is not text")
    times = result.values("time")
    if any(t is None for t in times):
        found.append("null in the time column")
        return found
    keys = [_instant(t) for t in times]
    if keys != sorted(keys):
        found.append("rows are not sorted by time (LongToWide refuses unsorted series)")
    if types["time"] in NUMBER_TYPES and keys:
        low, high = EPOCH_SECONDS
        if not all(low <= abs(k) <= high for k in keys):
            found.append("numeric time is not an epoch in seconds")
    return found


def _annotation(result: Result) -> list[str]:
    types = result.types()
    found = []
    if types.get("time") not in TIME_TYPES:
        found.append("annotation needs a time column of a time type")
    found += [
        f"annotation column {name} must be text"
        for name in ("text", "tags")
        if name in types and types[name] not in TEXT_TYPES
    ]
    if "timeend" in types:
        for start, end in zip(result.values("time"), result.values("timeend"), strict=True):
            if start is not None and end is not None and _instant(end) < _instant(start):
                found.append("an annotation ends before it starts")
    return found


def _variable(result: Result) -> list[str]:
    if not result.rows:
        return ["the variable query returns no option"]
    names = {c for c, _ in result.columns}
    if "__value" in names and "__text" not in names:
        return ["__value without __text"]
    return []


def options(result: Result) -> list[str]:
    """A variable's option values: the ``__value`` column, else the first column."""
    names = [c for c, _ in result.columns]
    column = "__value" if "__value" in names else names[0]
    return [str(v) for v in result.values(column)]


def _instant(value: Any) -> float:  # noqa: ANN401 - a time or an epoch
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).timestamp()  # noqa: DTZ001 - order only
    return float(value)


def column_types(description: Sequence[Any], names: dict[int, str]) -> list[tuple[str, str]]:
    """Name and type name of each column of a psycopg cursor description."""
    return [(d.name, names.get(d.type_code, "unknown")) for d in description]
