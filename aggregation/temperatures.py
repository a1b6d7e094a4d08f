"""Daily outdoor temperatures from a CSV file (``day,tmin_c,tmax_c``), for the DJU baselines.

Every row is checked; nothing is written unless every row is good, and the error lists each
bad row with its reason.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from aggregation.degree_days import DailyTemperature
from core.errors import InvalidInput, Problem

COLUMNS = ("day", "tmin_c", "tmax_c")
PLAUSIBLE_C = (-60.0, 60.0)


def read_temperatures(path: Path) -> list[DailyTemperature]:
    """The temperatures of a CSV file; InvalidInput naming every bad row."""
    problems: list[Problem] = []
    found: list[DailyTemperature] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ())[:3] != COLUMNS:
            raise InvalidInput(
                f"{path.name}: the header must start with {','.join(COLUMNS)}",
                [Problem(f"{path.name}:1", f"header is {reader.fieldnames}")],
            )
        for line, row in enumerate(reader, start=2):
            where = f"{path.name}:{line}"
            try:
                item = _parse(row)
            except ValueError as exc:
                problems.append(Problem(where, str(exc)))
                continue
            found.append(item)
    if problems:
        raise InvalidInput(f"{len(problems)} bad row(s) in {path.name}", problems)
    return found


def _parse(row: dict[str, str]) -> DailyTemperature:
    day = date.fromisoformat(row["day"])
    tmin, tmax = float(row["tmin_c"]), float(row["tmax_c"])
    low, high = PLAUSIBLE_C
    if not (low <= tmin <= tmax <= high):
        raise ValueError(f"expected {low} <= tmin_c <= tmax_c <= {high}, got {tmin}, {tmax}")
    return DailyTemperature(day, tmin, tmax)
