"""Named computations built on the effects of actions and on buildings' consumption.

Effect-based values are the latest effects (their reporting period is stored with them); they
are recorded at the most recent period of a run only.
"""

from __future__ import annotations

from dataclasses import dataclass

from aggregation import store_indicators
from aggregation.computations import Computed, registered
from aggregation.savings import LIGHTING, SUFFICIENT_COVERAGE
from aggregation.store_indicators import Buckets, IndicatorRow
from core.database import Connection

# Defaults of parameters: the city's price of a kWh, and the emission factor of the electricity
# saved (the figure to use is ADEME Base Empreinte's; set it per indicator).
DEFAULT_EUR_PER_KWH = 0.20
DEFAULT_KGCO2E_PER_KWH = 0.052


@dataclass(frozen=True)
class _Saved:
    kwh: float
    counterfactual_kwh: float
    coverage: float
    warnings: tuple[str, ...]


def _saved(conn: Connection, ind: IndicatorRow) -> _Saved | None:
    rows = store_indicators.latest_effects(conn, ind, str(ind.parameters.get("method", LIGHTING)))
    if not rows:
        return None
    sufficient = [r for r in rows if float(r[5]) >= SUFFICIENT_COVERAGE]
    excluded: tuple[str, ...] = ()
    if len(rows) > 1 and sufficient and len(sufficient) < len(rows):
        # A mission's total leaves out the actions whose data cannot support a figure.
        rows, excluded = sufficient, ("actions_with_insufficient_data_left_out",)
    return _Saved(
        kwh=sum(float(r[2]) for r in rows),
        counterfactual_kwh=sum(float(r[1]) for r in rows),
        coverage=min(float(r[5]) for r in rows),
        warnings=tuple(sorted({w for r in rows for w in r[6]})) + excluded,
    )


def _latest_only(b: Buckets, value: Computed) -> list[Computed]:
    return [Computed(None)] * (len(b.starts) - 1) + [value]


def _from_savings(conn: Connection, ind: IndicatorRow, b: Buckets, factor: float) -> list[Computed]:
    saved = _saved(conn, ind)
    if saved is None:
        return _latest_only(b, Computed(None, warnings=("no_effect_yet",)))
    return _latest_only(b, Computed(saved.kwh * factor, saved.coverage, saved.warnings))


@registered("energy_saved_kwh")
def energy_saved_kwh(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Energy saved (kWh) against the counterfactual, over the effects' reporting periods."""
    return _from_savings(conn, ind, b, 1.0)


@registered("euros_saved")
def euros_saved(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Euros saved: kWh saved x ``parameters.eur_per_kwh``."""
    return _from_savings(
        conn, ind, b, float(ind.parameters.get("eur_per_kwh", DEFAULT_EUR_PER_KWH))
    )


@registered("co2_avoided_t")
def co2_avoided_t(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """tCO2e avoided: kWh saved x ``parameters.kgco2e_per_kwh`` / 1000."""
    factor = float(ind.parameters.get("kgco2e_per_kwh", DEFAULT_KGCO2E_PER_KWH)) / 1000.0
    return _from_savings(conn, ind, b, factor)


@registered("energy_saved_pct")
def energy_saved_pct(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """% saved: kWh saved over the counterfactual kWh."""
    saved = _saved(conn, ind)
    if saved is None or saved.counterfactual_kwh <= 0:
        return _latest_only(b, Computed(None, warnings=("no_effect_yet",)))
    pct = 100.0 * saved.kwh / saved.counterfactual_kwh
    return _latest_only(b, Computed(pct, saved.coverage, saved.warnings))


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
