"""Named computations of the décret tertiaire: progress within the year, on the normal climate.

Both figures are the **year to date** at the end of their period (a month's value runs from
1 January to the end of that month, or to the last day with data), over the territory's
buildings subject to the décret, each counted on the same days on both sides
(``aggregation/decree_progress.py``, ``docs/methods.md`` §4.2):

- ``climate_corrected_kwh``: the measured energy brought to the normal climate, kWh;
- ``decree_path_gap_pct``: that against the allowance of the same days on the décret path
  (reference consumption brought to the normal climate, -40 % in 2030, -50 % 2040, -60 % 2050).

Fallbacks, each named by a warning on every value: a territory without normal degree-days is
given 2,200 DJU (``normal_climate_not_set``), without monthly normals the shape below
(``normal_monthly_profile_assumed``); a building without its reference year's degree-days is
taken as having had a normal year (``reference_dju_missing_assumed_normal``). This approximates
OPERAT (heating only, "météo" degree-days at base 18 °C); every value says so
(``estimate_not_operat``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aggregation import store_decree, store_indicators
from aggregation.computations import Computed, registered
from aggregation.decree import NormalClimate, Reference
from aggregation.decree_progress import MODEL_WINDOW, BuildingSeries, Inputs, Progress, progress
from aggregation.degree_days import DailyTemperature, daily_dju
from aggregation.store_decree import DecreeBuildingRow, NormalClimateRow
from aggregation.store_indicators import Buckets, IndicatorRow
from core.database import Connection

VERSION = "2.0"
DEFAULT_NORMAL_DJU = 2200.0
# The normal heating degree-days of the reference territory month by month (January first), an
# oceanic climate of western France: the shape given to a territory that registered none.
DEFAULT_MONTHS = (399.7, 338.6, 289.4, 169.2, 70.8, 16.2, 7.1, 17.2, 66.6, 172.6, 279.9, 370.8)


@registered("climate_corrected_kwh", VERSION)
def climate_corrected_kwh(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Décret buildings' energy of the year to date, brought to the normal climate, kWh."""
    inputs = load_inputs(conn, ind, b)
    found = [progress(inputs, s, e) for s, e in zip(b.starts, b.ends, strict=True)]
    return [_computed(p, None if p.result is None else p.result.normalised_kwh) for p in found]


@registered("decree_path_gap_pct", VERSION)
def decree_path_gap_pct(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """% above (+) or below (-) the décret path, year to date, both sides on the normal climate."""
    inputs = load_inputs(conn, ind, b)
    found = [progress(inputs, s, e) for s, e in zip(b.starts, b.ends, strict=True)]
    return [_computed(p, None if p.result is None else p.result.gap_pct) for p in found]


def load_inputs(conn: Connection, ind: IndicatorRow, b: Buckets) -> Inputs:
    """The décret buildings, their days and the degree-days the periods of ``b`` need."""
    first = min(date(b.starts[0].year, 1, 1), b.starts[0] - MODEL_WINDOW)
    last = b.ends[-1]
    rows = store_decree.decree_buildings(conn, ind.territory_id)
    days = store_decree.building_days(conn, ind.territory_id, first, last)
    temperatures = store_indicators.temperatures(conn, ind.territory_id, first, last)
    dju = daily_dju(DailyTemperature(t[0], float(t[1]), float(t[2])) for t in temperatures)
    normal, warnings, details = normal_climate(store_decree.normal_climate(conn, ind.territory_id))
    buildings = tuple(_series(r, days.get(r.id, []), normal.annual_dju) for r in rows)
    return Inputs(buildings, dju, normal, warnings, details)


def normal_climate(
    row: NormalClimateRow,
) -> tuple[NormalClimate, tuple[str, ...], dict[str, Any]]:
    """The territory's normal climate, its fallbacks named by warnings, and its provenance."""
    warnings: list[str] = []
    months = row.months
    annual = row.annual_dju if row.annual_dju is not None else (sum(months) if months else None)
    if annual is None:
        annual = DEFAULT_NORMAL_DJU
        warnings.append("normal_climate_not_set")
    if months is None:
        months = DEFAULT_MONTHS
        warnings.append("normal_monthly_profile_assumed")
    details = {
        "normal_climate": {
            "annual_dju": round(annual, 1),
            "annual_from": "default" if "normal_climate_not_set" in warnings else "territory",
            "months_from": "default" if months is DEFAULT_MONTHS else "territory",
        }
    }
    return NormalClimate(annual, tuple(months)), tuple(warnings), details


def _series(
    row: DecreeBuildingRow, days: list[tuple[date, float]], normal_dju: float
) -> BuildingSeries:
    reference = None
    if row.reference_year is not None and row.reference_kwh is not None:
        dju = row.reference_dju if row.reference_dju is not None else normal_dju
        reference = Reference(row.reference_year, row.reference_kwh, dju)
    return BuildingSeries(
        row.code,
        reference,
        row.reference_dju is not None,
        tuple(d for d, _ in days),
        tuple(k for _, k in days),
    )


def _computed(found: Progress, value: float | None) -> Computed:
    return Computed(value, found.coverage, found.warnings, details=found.details)
