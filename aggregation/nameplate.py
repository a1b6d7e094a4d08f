"""Lighting savings against a stipulated baseline: nameplate power x burning hours (IPMVP option A).

Many sodium points had no meter of their own before their renovation, so no measured baseline
exists. The counterfactual is then what the equipment that was in place would have drawn over
the reporting period's burning hours: its system power (lamp power plus ballast losses, from
the equipment history) times the sunset-to-sunrise hours of each reporting night. The
reporting energy is measured. The baseline is an estimate, not a measurement: the effect says
so in its warnings, and its 95 % interval carries the stipulated uncertainties of the
nameplate power and of the burning hours (``docs/methods.md``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from aggregation.savings import (
    NO_REPORTING,
    REPORTING_COVERAGE,
    SUFFICIENT_COVERAGE,
    DailyEnergy,
    Effect,
    Period,
    usable_days,
    with_estimate,
)

NAMEPLATE = "lighting_nameplate_baseline"
STIPULATED = "baseline_stipulated_from_nameplate_power"
# Relative standard uncertainties of the stipulated baseline: a discharge lamp's real draw
# against its nameplate and gear loss, and the burning hours against the night length.
POWER_UNCERTAINTY = 0.05
HOURS_UNCERTAINTY = 0.03
Z_975 = 1.959964


def nameplate_savings(
    reporting: Sequence[DailyEnergy],
    burning_hours: Mapping[date, float],
    periods: tuple[Period, Period],
    baseline_kw: float,
) -> Effect:
    """Savings of the renovated points against their former equipment's nameplate power."""
    rep = usable_days(reporting, periods[1])
    warnings = [STIPULATED]
    if not rep.days:
        warnings.append(NO_REPORTING)
    elif rep.coverage < SUFFICIENT_COVERAGE:
        warnings.append(REPORTING_COVERAGE)
    start = Effect(NAMEPLATE, *periods, 1.0, rep.coverage, warnings=tuple(warnings))
    used_hours = sum(burning_hours[d] for d in rep.days)
    if baseline_kw <= 0 or used_hours <= 0:
        return start
    all_hours = sum(h for d, h in burning_hours.items() if periods[1].holds(d))
    counterfactual = baseline_kw * all_hours
    actual = sum(rep.energy) * all_hours / used_hours
    relative = math.hypot(POWER_UNCERTAINTY, HOURS_UNCERTAINTY)
    return with_estimate(
        start,
        counterfactual=counterfactual,
        actual=actual,
        half=Z_975 * relative * counterfactual,
        fit={"baseline_kw": baseline_kw, "relative_uncertainty": relative},
    )
