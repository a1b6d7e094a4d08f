"""The registry of named indicator computations, each computing a series of periods at once.

A computation reads the indicator's scope (its action's treated scope, else the territory) and
its ``parameters``, and returns one ``Computed`` per period: a value (or None), the coverage of
the data behind it, and warnings. ``docs/methods.md`` describes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aggregation import store_indicators
from aggregation.savings import SUFFICIENT_COVERAGE
from aggregation.store_indicators import Buckets, IndicatorRow
from core.database import Connection


@dataclass(frozen=True)
class Computed:
    """One period's value: coverage of its data, warnings, 95 % interval, what it rests on."""

    value: float | None
    coverage: float | None = None
    warnings: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


Compute = Callable[[Connection, IndicatorRow, Buckets], list[Computed]]


@dataclass(frozen=True)
class Computation:
    """A named, versioned way to compute an indicator."""

    name: str
    version: str
    compute: Compute


REGISTRY: dict[str, Computation] = {}


def registered(name: str, version: str = "1.0") -> Callable[[Compute], Compute]:
    """Add a function to the registry under ``name``."""

    def add(function: Compute) -> Compute:
        REGISTRY[name] = Computation(name, version, function)
        return function

    return add


def _fleet(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[tuple[Any, ...]]:
    since = date.fromisoformat(str(ind.parameters.get("since", "2000-01-01")))
    return store_indicators.series(conn, "fleet_counts", ind, b, since=since)


def _share(part: int, whole: int) -> Computed:
    return Computed(100.0 * part / whole) if whole else Computed(None, warnings=("no_light_point",))


@registered("light_points_renovated")
def light_points_renovated(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Light points equipped with LED since ``parameters.since`` (activity)."""
    return [Computed(float(r[5])) for r in _fleet(conn, ind, b)]


@registered("hps_points_remaining")
def hps_points_remaining(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """High-pressure sodium points still in place at the end of the period (activity)."""
    return [Computed(float(r[2])) for r in _fleet(conn, ind, b)]


@registered("share_remotely_managed")
def share_remotely_managed(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """ISO 37122 7.6: % of light points managed by a performance management system."""
    return [_share(int(r[3]), int(r[1])) for r in _fleet(conn, ind, b)]


@registered("share_refurbished")
def share_refurbished(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """ISO 37122 7.7: % of light points refurbished or newly installed during the period."""
    return [_share(int(r[4]), int(r[1])) for r in _fleet(conn, ind, b)]


def _coverage_warnings(coverage: float | None) -> tuple[str, ...]:
    if coverage is None or coverage < SUFFICIENT_COVERAGE:
        return ("coverage_below_90pct",)
    return ()


@registered("energy_consumed_kwh")
def energy_consumed_kwh(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Energy of the scope's light points over the period, kWh (effect)."""
    rows = store_indicators.series(conn, "scope_energy", ind, b, lit_only=False)
    return [Computed(float(r[1]), _cov(r[2]), _coverage_warnings(_cov(r[2]))) for r in rows]


@registered("kwh_per_km_lit_street")
def kwh_per_km_lit_street(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """ISO 37120 7.6: street-lighting kWh per km of lit street, districts of known length."""
    rows = store_indicators.series(conn, "scope_energy", ind, b, lit_only=True)
    result = []
    for r in rows:
        if r[3] is None:
            result.append(Computed(None, warnings=("lit_street_length_unknown",)))
            continue
        coverage = _cov(r[2])
        result.append(Computed(float(r[1]) / float(r[3]), coverage, _coverage_warnings(coverage)))
    return result


@registered("budget_share")
def budget_share(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Euros committed or spent (``parameters.field``) as % of planned, to the period's year."""
    column = {"committed": 2, "spent": 3}[str(ind.parameters.get("field", "spent"))]
    rows = store_indicators.series(conn, "budgets", ind, b)
    return [
        Computed(100.0 * float(r[column]) / float(r[1]))
        if float(r[1]) > 0
        else Computed(None, warnings=("nothing_planned",))
        for r in rows
    ]


@registered("budget_eur")
def budget_eur(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Euros planned, committed or spent (``parameters.field``) up to the period's year."""
    column = {"planned": 1, "committed": 2, "spent": 3}[str(ind.parameters.get("field", "spent"))]
    return [Computed(float(r[column])) for r in store_indicators.series(conn, "budgets", ind, b)]


def _cov(value: object) -> float | None:
    return None if value is None else min(float(str(value)), 1.0)
