"""Named computations of the décret tertiaire: climate-corrected consumption against the path.

The path goes linearly from each building's reference consumption in its reference year to
-40 % in 2030 (then -50 % in 2040, -60 % in 2050). The consumption of a year is corrected for
climate with a degree-day model fitted on that year's daily data and evaluated with the
reference climate's degree-days (``parameters.reference_dju``, the 2001-2020 normal of the
territory's station). This approximates OPERAT; it is an estimate, labelled as such.
"""

from __future__ import annotations

from datetime import date

from aggregation import store_indicators
from aggregation.baselines import fit_degree_days
from aggregation.computations import Computed, registered
from aggregation.degree_days import DailyTemperature, daily_dju
from aggregation.savings import SUFFICIENT_COVERAGE
from aggregation.store_indicators import Buckets, IndicatorRow
from core.database import Connection

DEFAULT_REFERENCE_DJU = 2200.0
MILESTONES = ((2030, 0.40), (2040, 0.50), (2050, 0.60))


def decree_path_factor(reference_year: int, year: int) -> float:
    """The share of the reference consumption allowed in ``year`` on the décret path."""
    previous_year, previous_cut = reference_year, 0.0
    for milestone, cut in MILESTONES:
        if year <= milestone:
            share = (year - previous_year) / (milestone - previous_year)
            return 1.0 - (previous_cut + (cut - previous_cut) * max(share, 0.0))
        previous_year, previous_cut = milestone, cut
    return 1.0 - MILESTONES[-1][1]


def _corrected(conn: Connection, ind: IndicatorRow, start: date, end: date) -> Computed:
    daily = store_indicators.decree_buildings_daily(conn, ind.territory_id, start, end)
    temps = store_indicators.temperatures(conn, ind.territory_id, start, end)
    dju = daily_dju(DailyTemperature(t[0], float(t[1]), float(t[2])) for t in temps)
    days = [(d, kwh / cov) for d, kwh, cov in daily if cov >= 0.5 and d in dju]  # noqa: PLR2004
    coverage = sum(c for _, _, c in daily) / max((end - start).days, 1)
    if len(days) < 30:  # noqa: PLR2004 - a month of days at least
        return Computed(None, coverage, ("not_enough_days_with_weather",))
    model = fit_degree_days([e for _, e in days], [dju[d] for d, _ in days])
    reference_dju = float(ind.parameters.get("reference_dju", DEFAULT_REFERENCE_DJU))
    value = model.normalised((end - start).days, reference_dju)
    warnings = ["estimate_not_operat"]
    if coverage < SUFFICIENT_COVERAGE:
        warnings.append("coverage_below_90pct")
    return Computed(value, min(coverage, 1.0), tuple(warnings))


@registered("climate_corrected_kwh")
def climate_corrected_kwh(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """Consumption of the décret-tertiaire buildings corrected to the reference climate, kWh."""
    return [_corrected(conn, ind, s, e) for s, e in zip(b.starts, b.ends, strict=True)]


@registered("decree_path_gap_pct")
def decree_path_gap_pct(conn: Connection, ind: IndicatorRow, b: Buckets) -> list[Computed]:
    """% above (positive) or below the décret path of the climate-corrected consumption."""
    references = store_indicators.decree_references(conn, ind.territory_id)
    result = []
    for start, end in zip(b.starts, b.ends, strict=True):
        corrected = _corrected(conn, ind, start, end)
        allowed = sum(kwh * decree_path_factor(year, start.year) for year, kwh in references)
        allowed *= (end - start).days / 365.0
        if corrected.value is None or allowed <= 0:
            result.append(Computed(None, corrected.coverage, corrected.warnings))
            continue
        gap = 100.0 * (corrected.value / allowed - 1.0)
        result.append(Computed(gap, corrected.coverage, corrected.warnings))
    return result
