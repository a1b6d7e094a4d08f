"""French degree-days (degrés-jours unifiés, DJU) for heating, base 18 °C.

Two conventions are given (``docs/methods.md`` §Buildings):

- "météo": ``max(0, S - (Tmin + Tmax) / 2)``;
- "professionnels de l'énergie" (COSTIC), which counts mid-season days where
  ``Tmin < S < Tmax``. Its coefficients are the commonly published ones and are marked as to be
  checked against the COSTIC text before contractual use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BASE_C = 18.0


@dataclass(frozen=True)
class DailyTemperature:
    """The outdoor minimum and maximum temperature of one day, °C."""

    day: date
    tmin_c: float
    tmax_c: float


def dju_meteo(tmin_c: float, tmax_c: float, base_c: float = BASE_C) -> float:
    """Heating degree-days of one day by the "météo" convention."""
    return max(0.0, base_c - (tmin_c + tmax_c) / 2.0)


def dju_costic(tmin_c: float, tmax_c: float, base_c: float = BASE_C) -> float:
    """Heating degree-days of one day by the "professionnels de l'énergie" convention."""
    if tmax_c <= base_c:
        return base_c - (tmin_c + tmax_c) / 2.0
    if tmin_c >= base_c:
        return 0.0
    spread = tmax_c - tmin_c
    return (base_c - tmin_c) * (0.08 + 0.42 * (base_c - tmin_c) / spread)


def daily_dju(
    temperatures: Iterable[DailyTemperature], *, method: str = "meteo", base_c: float = BASE_C
) -> dict[date, float]:
    """Degree-days by day for a series of daily temperatures."""
    if method not in {"meteo", "costic"}:
        raise ValueError(f"unknown degree-day method {method!r}")
    formula = dju_meteo if method == "meteo" else dju_costic
    return {t.day: formula(t.tmin_c, t.tmax_c, base_c) for t in temperatures}
