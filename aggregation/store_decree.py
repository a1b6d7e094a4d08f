"""The SQL of the décret-tertiaire figures: the buildings, their days and the normal climate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from aggregation.store import QUERIES
from core.database import Connection


@dataclass(frozen=True)
class DecreeBuildingRow:
    """A building subject to the décret tertiaire and what is known of its reference year."""

    id: int
    code: str
    reference_year: int | None
    reference_kwh: float | None
    reference_dju: float | None


@dataclass(frozen=True)
class NormalClimateRow:
    """A territory's normal heating degree-days, as registered (each may be missing)."""

    annual_dju: float | None
    months: tuple[float, ...] | None


def decree_buildings(conn: Connection, territory_id: int) -> list[DecreeBuildingRow]:
    """The territory's buildings subject to the décret tertiaire, by code."""
    rows = conn.execute(QUERIES["decree_buildings"], {"territory_id": territory_id})
    return [
        DecreeBuildingRow(
            int(r[0]),
            str(r[1]),
            None if r[2] is None else int(r[2]),
            None if r[3] is None else float(r[3]),
            None if r[4] is None else float(r[4]),
        )
        for r in rows
    ]


def building_days(
    conn: Connection, territory_id: int, start: date, end: date
) -> dict[int, list[tuple[date, float]]]:
    """Each décret building's days in [start, end) that all its energy meters cover, with kWh."""
    rows = conn.execute(
        QUERIES["decree_building_days"], {"territory_id": territory_id, "from": start, "to": end}
    )
    found: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for building_id, day, kwh in rows:
        found[int(building_id)].append((day, float(kwh)))
    return found


def normal_climate(conn: Connection, territory_id: int) -> NormalClimateRow:
    """The territory's normal heating degree-days of the year and of each month."""
    row = conn.execute(QUERIES["normal_climate"], {"territory_id": territory_id}).fetchone()
    if row is None:
        return NormalClimateRow(None, None)
    annual, months = row
    return NormalClimateRow(
        None if annual is None else float(annual),
        None if months is None else tuple(float(m) for m in months),
    )
