"""The décret tertiaire on one climate basis: the arithmetic of one building, with no SQL.

A building's consumption is split by its **climate signature** ``M(n, D) = β₀·n + β_H·D``: the
daily base load β₀ (kWh/day) and the heating slope β_H (kWh per degree-day) of its degree-day
model. Only the heating share follows the climate (OPERAT's principle), so energy measured over
``n`` days of ``D`` degree-days is brought to a climate of ``D'`` degree-days by the factor
``M(n, D') / M(n, D)``. Both sides of the comparison are brought to the territory's normal
climate (``docs/methods.md`` §4.2):

- the reference consumption C₀, measured in the reference year with D₀ degree-days:
  ``C₀ · M(N₀, Dn) / M(N₀, D₀)``, N₀ the days of that year, Dn the normal year's degree-days;
- the allowance of year Y: that times the décret path's share for Y (-40 % in 2030, …);
- over a set S of days of year Y (the year to date that has data), the measured consumption
  ``E_S · M(|S|, Dn_S) / M(|S|, D_S)`` against the allowance's share of those days in the
  building's normal year, ``A_Y · M(|S|, Dn_S) / M(N_Y, Dn)``, Dn_S the normal degree-days of
  the days of S.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

MILESTONES = ((2030, 0.40), (2040, 0.50), (2050, 0.60))
SPREAD_EPSILON = 1e-9  # degree-days that barely vary (a summer) give no heating slope


def decree_path_factor(reference_year: int, year: int) -> float:
    """The share of the reference consumption allowed in ``year`` on the décret path."""
    previous_year, previous_cut = reference_year, 0.0
    for milestone, cut in MILESTONES:
        if year <= milestone:
            share = (year - previous_year) / (milestone - previous_year)
            return 1.0 - (previous_cut + (cut - previous_cut) * max(share, 0.0))
        previous_year, previous_cut = milestone, cut
    return 1.0 - MILESTONES[-1][1]


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year."""
    return 366 if isleap(year) else 365


@dataclass(frozen=True)
class Signature:
    """A building's daily base load and heating slope: how its energy follows the climate."""

    base_kwh_per_day: float
    kwh_per_dju: float

    def kwh(self, days: float, dju: float) -> float:
        """The energy the signature gives for ``days`` days of ``dju`` degree-days."""
        return self.base_kwh_per_day * days + self.kwh_per_dju * dju

    def to_climate(self, kwh: float, days: float, dju_from: float, dju_to: float) -> float:
        """``kwh`` measured over days of ``dju_from`` degree-days, in a climate of ``dju_to``."""
        before = self.kwh(days, dju_from)
        return kwh * self.kwh(days, dju_to) / before if before > 0 else kwh


@dataclass(frozen=True)
class Sums:
    """Running sums over a building's days: enough to fit its signature and total its days."""

    count: int = 0
    kwh: float = 0.0
    dju: float = 0.0
    dju2: float = 0.0
    kwh_dju: float = 0.0
    normal_dju: float = 0.0

    def __sub__(self, other: Sums) -> Sums:
        return Sums(
            self.count - other.count,
            self.kwh - other.kwh,
            self.dju - other.dju,
            self.dju2 - other.dju2,
            self.kwh_dju - other.kwh_dju,
            self.normal_dju - other.normal_dju,
        )

    def plus(self, kwh: float, dju: float, normal_dju: float) -> Sums:
        """These sums with one more day."""
        return Sums(
            self.count + 1,
            self.kwh + kwh,
            self.dju + dju,
            self.dju2 + dju * dju,
            self.kwh_dju + kwh * dju,
            self.normal_dju + normal_dju,
        )


def fit_signature(sums: Sums) -> Signature:
    """Daily energy on degree-days by least squares, from sums; no negative parameter.

    The model and its rule are those of ``baselines.fit_degree_days`` (CalTRACK: a negative
    slope or intercept falls back to the mean day), computed from running sums so that a
    year of daily periods costs one pass over the days.
    """
    n = sums.count
    if n == 0:
        return Signature(0.0, 0.0)
    x_mean, y_mean = sums.dju / n, sums.kwh / n
    sxx = sums.dju2 - n * x_mean * x_mean
    sxy = sums.kwh_dju - n * x_mean * y_mean
    slope = sxy / sxx if sxx > SPREAD_EPSILON * max(sums.dju2, 1.0) else 0.0
    intercept = y_mean - slope * x_mean
    if slope <= 0 or intercept < 0:
        return Signature(y_mean, 0.0)
    return Signature(intercept, slope)


@dataclass(frozen=True)
class NormalClimate:
    """The normal year's heating degree-days and their shape over the twelve months."""

    annual_dju: float
    months: tuple[float, ...]
    _total: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.months) != 12 or min(self.months) < 0 or sum(self.months) <= 0:  # noqa: PLR2004 - months
            raise ValueError("a normal climate needs twelve monthly figures, 0 or more, not all 0")
        object.__setattr__(self, "_total", float(sum(self.months)))

    def of_day(self, day: date) -> float:
        """The normal degree-days of one calendar day (its month's share, spread evenly)."""
        share = self.months[day.month - 1] / self._total
        return self.annual_dju * share / monthrange(day.year, day.month)[1]

    def of_days(self, days: Iterable[date]) -> float:
        """The normal degree-days of a set of calendar days."""
        return sum(self.of_day(d) for d in days)


@dataclass(frozen=True)
class Reference:
    """A building's reference year, its consumption and its degree-days."""

    year: int
    kwh: float
    dju: float


@dataclass(frozen=True)
class Days:
    """A building's days with data in a period: how many, their energy and degree-days."""

    count: int
    kwh: float
    dju: float
    normal_dju: float


@dataclass(frozen=True)
class Standing:
    """Measured, climate-normalised and allowed energy over the same days, kWh."""

    measured_kwh: float = 0.0
    normalised_kwh: float = 0.0
    allowed_kwh: float = 0.0
    allowed_year_kwh: float = 0.0

    def __add__(self, other: Standing) -> Standing:
        return Standing(
            self.measured_kwh + other.measured_kwh,
            self.normalised_kwh + other.normalised_kwh,
            self.allowed_kwh + other.allowed_kwh,
            self.allowed_year_kwh + other.allowed_year_kwh,
        )

    @property
    def gap_pct(self) -> float | None:
        """% above (+) or below (-) the allowance; None without an allowance."""
        if self.allowed_kwh <= 0:
            return None
        return 100.0 * (self.normalised_kwh / self.allowed_kwh - 1.0)


def allowed_in_year(signature: Signature, reference: Reference, normal: float, year: int) -> float:
    """The allowance of ``year``: the reference brought to the normal climate, on the path."""
    reference_days = days_in_year(reference.year)
    normalised = signature.to_climate(reference.kwh, reference_days, reference.dju, normal)
    return normalised * decree_path_factor(reference.year, year)


def standing(
    signature: Signature, reference: Reference, days: Days, normal: NormalClimate, year: int
) -> Standing:
    """One building's days of ``year``: measured, normalised, and their share of the allowance."""
    allowed_year = allowed_in_year(signature, reference, normal.annual_dju, year)
    whole_year = signature.kwh(days_in_year(year), normal.annual_dju)
    share = signature.kwh(days.count, days.normal_dju) / whole_year if whole_year > 0 else 0.0
    normalised = signature.to_climate(days.kwh, days.count, days.dju, days.normal_dju)
    return Standing(days.kwh, normalised, allowed_year * share, allowed_year)


def total(standings: Sequence[Standing]) -> Standing:
    """The sum of the buildings' standings."""
    return sum(standings, Standing())
