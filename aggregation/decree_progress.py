"""Progress of the décret-tertiaire buildings within a year, on the normal climate.

For a period (a day, a month, a year) the figure is the **year to date** at the period's end:
from 1 January to the last day with data (never a month alone against an annual objective).
Each building contributes only the days it has data for, on both sides: its measured energy of
those days brought to the normal climate, against its allowance's share of the same days. A
building with no such day in the year to date, or without a reference, is left out of both
sides and named. Each building's signature (base load, heating slope) is fitted on its own
days of the 365 before the year to date's end (``docs/methods.md`` §4.2).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aggregation.decree import (
    Days,
    NormalClimate,
    Reference,
    Standing,
    Sums,
    fit_signature,
    standing,
    total,
)

MODEL_WINDOW = timedelta(days=365)
MIN_MODEL_DAYS = 30  # a month of days at least to fit a base load and a heating slope
FULL_MODEL_DAYS = 329  # 90 % of a year: fewer, and the signature rests on part of the seasons
SUFFICIENT_COVERAGE = 0.9


@dataclass(frozen=True)
class BuildingSeries:
    """A décret building: its reference (None if unknown) and its days with data, sorted."""

    code: str
    reference: Reference | None
    reference_dju_known: bool
    days: tuple[date, ...]
    kwh: tuple[float, ...]


@dataclass(frozen=True)
class _Indexed:
    """A building's days that have a temperature, with running sums from the first one."""

    series: BuildingSeries
    days: list[date]
    prefix: list[Sums]

    def between(self, first: date, end: date) -> Sums:
        """The sums over the building's days in [first, end)."""
        lo, hi = bisect_left(self.days, first), bisect_left(self.days, end)
        return self.prefix[hi] - self.prefix[lo]

    def last_before(self, end: date) -> date | None:
        """The building's last day before ``end``."""
        i = bisect_left(self.days, end) - 1
        return self.days[i] if i >= 0 else None


@dataclass(frozen=True)
class Inputs:
    """What the figures of a territory's décret buildings rest on."""

    buildings: tuple[BuildingSeries, ...]
    dju: dict[date, float]
    normal: NormalClimate
    warnings: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    indexed: tuple[_Indexed, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "indexed", tuple(self._index(b) for b in self.buildings))

    def _index(self, b: BuildingSeries) -> _Indexed:
        days, prefix = [], [Sums()]
        for day, kwh in zip(b.days, b.kwh, strict=True):
            dju = self.dju.get(day)
            if dju is not None:
                days.append(day)
                prefix.append(prefix[-1].plus(kwh, dju, self.normal.of_day(day)))
        return _Indexed(b, days, prefix)


@dataclass(frozen=True)
class Progress:
    """The year to date at a period's end, summed over the same buildings, and its provenance."""

    result: Standing | None
    coverage: float | None
    warnings: tuple[str, ...]
    details: dict[str, Any]


@dataclass
class _Tally:
    standings: list[Standing] = field(default_factory=list)
    covered_days: int = 0
    lists: dict[str, list[str]] = field(default_factory=dict)

    def note(self, what: str, code: str) -> None:
        self.lists.setdefault(what, []).append(code)


WARNINGS = {
    "no_data": "buildings_left_out_without_data",
    "no_reference": "buildings_left_out_without_reference",
    "too_few_days_for_a_climate_model": "buildings_left_out_too_few_days",
    "reference_dju_assumed_normal": "reference_dju_missing_assumed_normal",
    "climate_model_on_part_of_a_year": "climate_model_on_part_of_a_year",
}


def progress(inputs: Inputs, start: date, end: date) -> Progress:
    """The year-to-date figure of the period [start, end)."""
    year_start = date(start.year, 1, 1)
    as_of = _as_of(inputs, year_start, end)
    if as_of is None or as_of <= start:
        why = "no_data_in_the_period" if _has_weather(inputs, start, end) else "no_temperatures"
        return Progress(None, None, ("estimate_not_operat", why), {})
    tally = _Tally()
    for building in inputs.indexed:
        _count(building, inputs.normal, (year_start, as_of), tally)
    with_reference = len(inputs.buildings) - len(tally.lists.get("no_reference", []))
    span = (as_of - year_start).days
    coverage = tally.covered_days / (with_reference * span) if with_reference else 0.0
    result = total(tally.standings) if tally.standings else None
    warnings = ["estimate_not_operat", *inputs.warnings]
    if coverage < SUFFICIENT_COVERAGE:
        warnings.append("coverage_below_90pct")
    warnings.extend(code for key, code in WARNINGS.items() if tally.lists.get(key))
    details = {
        **inputs.details,
        "basis": "year to date, normal climate",
        "year_to_date": _span(inputs, year_start, as_of),
        "period": _span(inputs, start, min(end, as_of)),
        **_figures(result),
        "buildings": {"counted": len(tally.standings), **tally.lists},
    }
    return Progress(result, min(coverage, 1.0), tuple(warnings), details)


def _as_of(inputs: Inputs, year_start: date, end: date) -> date | None:
    """The day after the last day with data of a building with a reference, before ``end``."""
    found = [b.last_before(end) for b in inputs.indexed if b.series.reference is not None]
    last = max((d for d in found if d is not None and d >= year_start), default=None)
    return None if last is None else last + timedelta(days=1)


def _has_weather(inputs: Inputs, start: date, end: date) -> bool:
    return any(start <= d < end for d in inputs.dju)


def _count(b: _Indexed, normal: NormalClimate, ytd: tuple[date, date], tally: _Tally) -> None:
    """Add one building's year to date to the tally, or note why it is left out."""
    code, reference = b.series.code, b.series.reference
    if reference is None:
        tally.note("no_reference", code)
        return
    year_start, as_of = ytd
    days = b.between(year_start, as_of)
    if days.count == 0:
        tally.note("no_data", code)
        return
    window = b.between(as_of - MODEL_WINDOW, as_of)
    if window.count < MIN_MODEL_DAYS:
        tally.note("too_few_days_for_a_climate_model", code)
        return
    signature = fit_signature(window)
    if window.count < FULL_MODEL_DAYS:
        tally.note("climate_model_on_part_of_a_year", code)
    if signature.kwh_per_dju <= 0:
        tally.note("no_heating_signal", code)
    if not b.series.reference_dju_known:
        tally.note("reference_dju_assumed_normal", code)
    summary = Days(days.count, days.kwh, days.dju, days.normal_dju)
    tally.standings.append(standing(signature, reference, summary, normal, year_start.year))
    tally.covered_days += days.count


def _span(inputs: Inputs, first: date, end: date) -> dict[str, Any]:
    """A span's dates, its days with a temperature, and their actual and normal degree-days."""
    days = [first + timedelta(days=n) for n in range((end - first).days)]
    observed = [d for d in days if d in inputs.dju]
    return {
        "from": first.isoformat(),
        "to": end.isoformat(),
        "days": len(days),
        "days_with_temperature": len(observed),
        "dju": round(sum(inputs.dju[d] for d in observed), 1),
        "normal_dju": round(inputs.normal.of_days(observed), 1),
    }


def _figures(result: Standing | None) -> dict[str, Any]:
    if result is None:
        return {}
    gap = result.gap_pct
    return {
        "measured_kwh": round(result.measured_kwh, 1),
        "normalised_kwh": round(result.normalised_kwh, 1),
        "allowed_kwh": round(result.allowed_kwh, 1),
        "allowed_year_kwh": round(result.allowed_year_kwh, 1),
        "gap_pct": None if gap is None else round(gap, 2),
    }
