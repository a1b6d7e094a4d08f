"""History files as a city exports them: a cabinet's meter index and a building meter's index."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2023, 1, 1, tzinfo=UTC)
DAYS = 731  # two years, 2024 being a leap year
CABINET_STEP = timedelta(minutes=10)
METER_STEP = timedelta(hours=1)


def cabinet_power_w(ts: datetime) -> float:
    """A cabinet's lighting load: 4 kW at night (18:00-07:00 UTC), 40 W of standby by day."""
    return 4_000.0 if ts.hour >= 18 or ts.hour < 7 else 40.0


def cabinet_rows(start: datetime = START, days: int = DAYS) -> Iterator[tuple[datetime, float]]:
    """``(ts, index in kWh)`` every 10 minutes; the index grows with the power of each step."""
    energy = 1_000.0
    ts, end = start, start + timedelta(days=days)
    while ts <= end:
        yield ts, round(energy, 6)
        energy += cabinet_power_w(ts) * CABINET_STEP.total_seconds() / 3.6e6
        ts += CABINET_STEP


def meter_rows(start: datetime = START, days: int = DAYS) -> Iterator[tuple[datetime, float]]:
    """``(ts, index in kWh)`` every hour: a school's electricity, more in winter."""
    energy = 50_000.0
    ts, end = start, start + timedelta(days=days)
    while ts <= end:
        yield ts, round(energy, 6)
        energy += 5.0 + 3.0 * math.cos(2 * math.pi * ts.timetuple().tm_yday / 365.0)
        ts += METER_STEP


def write_cabinet_file(path: Path, code: str, rows: Iterator[tuple[datetime, float]]) -> Path:
    """A UTF-8, comma-separated cabinet file with ISO times in UTC."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("cabinet,ts,energyConsumed\n")
        for ts, energy in rows:
            out.write(f"{code},{ts.isoformat()},{energy}\n")
    return path


def write_meter_file(path: Path, code: str, rows: Iterator[tuple[datetime, float]]) -> Path:
    """A UTF-8, comma-separated meter file with ISO times in UTC and a ``value`` column."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("meter,ts,value\n")
        for ts, energy in rows:
            out.write(f"{code},{ts.isoformat()},{energy}\n")
    return path
