"""Named computations built on the effects of actions and on buildings' consumption.

Savings indicators read each action's latest headline effect (or its figure by
``parameters.method``) and are recorded at the most recent period of a run only. An action's
kWh, euros and tCO2e are its normal-year saving with its 95 % interval; a mission's are the sum
of its actions' normal-year savings whose figures are reliable, the intervals combined as
independent (root sum of squares), the actions left out named in a warning, the flags of the
figures kept carried up. A percent is the normal-year saving over the normal-year
counterfactual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aggregation import store_indicators
from aggregation.computations import Computed, registered
from aggregation.savings import SUFFICIENT_COVERAGE
from aggregation.store_indicators import Buckets, EffectFigure, IndicatorRow
from core.database import Connection

# Defaults of parameters: the city's price of a kWh, and the emission factor of the electricity
# saved (the figure to use is ADEME Base Empreinte's; set it per indicator).
DEFAULT_EUR_PER_KWH = 0.20
DEFAULT_KGCO2E_PER_KWH = 0.052
LEFT_OUT = "actions_with_insufficient_data_left_out"


@dataclass(frozen=True)
class _Saved:
    kwh: float
    half: float
    counterfactual_kwh: float
    pct: float | None
    pct_half: float | None
    coverage: float
    warnings: tuple[str, ...]


def _saved(conn: Connection, ind: IndicatorRow) -> _Saved | None:
    method = ind.parameters.get("method")
    rows = [
        r
        for r in store_indicators.latest_effects(conn, ind, str(method) if method else None)
        if r.annual_kwh is not None
    ]
    if not rows:
        return None
    if len(rows) == 1:
        return _one(rows[0])
    kept = [r for r in rows if r.reliable] or rows
    left_out = [r.action for r in rows if r not in kept]
    counterfactual = sum(_annual_counterfactual(r) for r in kept)
    kwh = sum(r.annual_kwh or 0.0 for r in kept)
    return _Saved(
        kwh=kwh,
        half=math.sqrt(sum((r.annual_half_kwh or 0.0) ** 2 for r in kept)),
        counterfactual_kwh=counterfactual,
        pct=100.0 * kwh / counterfactual if counterfactual > 0 else None,
        pct_half=None,
        coverage=min(r.coverage for r in kept),
        warnings=tuple(sorted({w for r in kept for w in r.warnings}))
        + ((LEFT_OUT,) if left_out else ()),
    )


def _one(r: EffectFigure) -> _Saved:
    return _Saved(
        kwh=r.annual_kwh or 0.0,
        half=r.annual_half_kwh or 0.0,
        counterfactual_kwh=_annual_counterfactual(r),
        pct=r.pct,
        pct_half=r.pct_half,
        coverage=r.coverage,
        warnings=r.warnings,
    )


def _annual_counterfactual(r: EffectFigure) -> float:
    """The counterfactual scaled to a normal year as the saving was."""
    if r.counterfactual_kwh is None:
        return 0.0
    if r.saved_kwh and r.annual_kwh is not None:
        return r.counterfactual_kwh * r.annual_kwh / r.saved_kwh
    return r.counterfactual_kwh


def _latest_only(b: Buckets, value: Computed) -> list[Computed]:
    return [Computed(None)] * (len(b.starts) - 1) + [value]


def _from_savings(conn: Connection, ind: IndicatorRow, b: Buckets, factor: float) -> list[Computed]:
    saved = _saved(conn, ind)
    if saved is None:
        return _latest_only(b, Computed(None, warnings=("no_effect_yet",)))
    value = Computed(
        saved.kwh * factor,
        saved.coverage,
        saved.warnings,
        low=(saved.kwh - saved.half) * factor,
        high=(saved.kwh + saved.half) * factor,
    )
    return _latest_only(b, value)


@registered("energy_saved_kwh", "2.0")
def energy_saved_kwh(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Energy saved in a normal year (kWh) against the counterfactual, with its interval."""
    return _from_savings(conn, ind, b, 1.0)


@registered("euros_saved", "2.0")
def euros_saved(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Euros saved in a normal year: kWh saved x ``parameters.eur_per_kwh``."""
    return _from_savings(
        conn, ind, b, float(ind.parameters.get("eur_per_kwh", DEFAULT_EUR_PER_KWH))
    )


@registered("co2_avoided_t", "2.0")
def co2_avoided_t(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """tCO2e avoided in a normal year: kWh saved x ``parameters.kgco2e_per_kwh`` / 1000."""
    factor = float(ind.parameters.get("kgco2e_per_kwh", DEFAULT_KGCO2E_PER_KWH)) / 1000.0
    return _from_savings(conn, ind, b, factor)


@registered("energy_saved_pct", "2.0")
def energy_saved_pct(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """% saved: normal-year kWh saved over the normal-year counterfactual."""
    saved = _saved(conn, ind)
    if saved is None or saved.pct is None:
        return _latest_only(b, Computed(None, warnings=("no_effect_yet",)))
    half = saved.pct_half
    if half is None and saved.counterfactual_kwh > 0:
        half = 100.0 * saved.half / saved.counterfactual_kwh
    value = Computed(
        saved.pct,
        saved.coverage,
        saved.warnings,
        low=None if half is None else saved.pct - half,
        high=None if half is None else saved.pct + half,
    )
    return _latest_only(b, value)


@registered("building_kwh_per_m2")
def building_kwh_per_m2(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Buildings' energy (electricity, gas, heat) per m² of floor area over the period."""
    result = []
    for r in store_indicators.series(conn, "building_energy", ind, b):
        coverage = None if r[2] is None else min(float(r[2]), 1.0)
        if r[3] is None or coverage is None:
            result.append(Computed(None, warnings=("no_building_data",)))
            continue
        low = coverage < SUFFICIENT_COVERAGE
        result.append(
            Computed(float(r[1]) / float(r[3]), coverage, ("coverage_below_90pct",) if low else ())
        )
    return result
