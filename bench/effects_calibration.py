"""Are the effects' 95 % intervals calibrated? Coverage of the truth over generated territories.

For each seed a territory of known truth is generated (``simulator.known_answers``) and each
method's estimate is computed by the engine's own estimators (``aggregation.estimators``) on the
daily series the rollups would give (the energy of each local day, exact from the counters):

- ``cabinet``: a cabinet of 20 sodium points, all renovated to dimmed LED, measured at its
  meter (the known-answer case (a));
- ``points``: a district of 20 controller-metered points, measured point by point (the
  burning-hours method);
- ``sample``: the same district with controllers on 6 points only (the known-answer case (c)).

The truth is the changed points' realised saving: what their former equipment would have drawn
on the reporting days (its own noise) minus what they drew. The script prints, per method, the
share of seeds whose 95 % interval covers the truth (goal: 90 to 99 %; too wide fails as surely
as too narrow), the median absolute error in points of percent, and the median half-width, and
the ratio of the two: an interval about twice the typical error is what 95 % means.

    .venv/bin/python bench/effects_calibration.py --seeds 60
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on the path, where bench/aggregation.py would
# shadow the aggregation package: put the repository root there instead.
sys.path[0:1] = [str(Path(__file__).resolve().parents[1])]

from aggregation.estimators import (  # noqa: E402 - after the path is set
    Driver,
    Series,
    UnitInput,
    unit_result,
    whole,
)
from simulator.known_answers import Lamp, Scenario, truth  # noqa: E402 - after the path is set

FIRST = date(2024, 1, 1)
WORKS = (date(2025, 1, 6), date(2025, 1, 20))
AS_OF = date(2026, 1, 25)
BASELINE = (WORKS[0] - timedelta(days=365), WORKS[0])
REPORTING = (AS_OF - timedelta(days=365), AS_OF)


def _lamps(seed: int, count: int, metered_before: int) -> list[Lamp]:
    rng = random.Random(seed)
    span = (WORKS[1] - WORKS[0]).days
    return [
        Lamp(
            f"P{n:03d}",
            "C1",
            rng.choice((115.0, 172.5, 287.5)),
            float(rng.randint(35, 90)),
            WORKS[0] + timedelta(days=rng.randint(0, span)),
            metered_before=n < metered_before,
        )
        for n in range(count)
    ]


def _days() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((AS_OF - FIRST).days)]


def _driver(scenario: Scenario) -> Driver:
    return Driver.of({d: scenario.lit_hours(d) for d in _days()}, FIRST, AS_OF)


def _series(scenario: Scenario, lamps: list[Lamp]) -> Series:
    return Series.of((d, sum(scenario.energy_kwh(lamp, d) for lamp in lamps), 1.0) for d in _days())


def cabinet(seed: int) -> tuple[float, float, float]:
    """(estimate, half-width, truth) in kWh for a cabinet renovated whole."""
    scenario = Scenario(_lamps(seed, 20, 0), FIRST, AS_OF, seed=seed)
    weight = sum(lamp.before_w for lamp in scenario.lamps) / 1000
    unit = UnitInput(1, weight, 1.0, 0.0, _series(scenario, scenario.lamps), BASELINE, REPORTING)
    result = unit_result(unit, _driver(scenario))
    estimate = whole([result] if result else [], [weight])
    assert estimate is not None
    return estimate.saving, estimate.half, truth(scenario, *REPORTING).saved_kwh


def _points(seed: int, metered: int) -> tuple[float, float, float]:
    scenario = Scenario(_lamps(seed, 20, metered), FIRST, AS_OF, seed=seed)
    driver = _driver(scenario)
    results = []
    for n, lamp in enumerate(scenario.lamps[:metered]):
        unit = UnitInput(n, lamp.before_w / 1000, 1.0, 0.0, _series(scenario, [lamp]),
                         BASELINE, REPORTING)  # fmt: skip
        found = unit_result(unit, driver)
        if found is not None:
            results.append(found)
    estimate = whole(results, [lamp.before_w / 1000 for lamp in scenario.lamps])
    assert estimate is not None
    return estimate.saving, estimate.half, truth(scenario, *REPORTING).saved_kwh


def points(seed: int) -> tuple[float, float, float]:
    """(estimate, half-width, truth) for a district metered point by point."""
    return _points(seed, 20)


def sample(seed: int) -> tuple[float, float, float]:
    """(estimate, half-width, truth) for a district with controllers on 6 points of 20."""
    return _points(seed, 6)


def calibrate(name: str, case: Callable[[int], tuple[float, float, float]], seeds: range) -> None:
    """Print the coverage of the truth by a method's 95 % intervals over ``seeds`` territories."""
    started = time.perf_counter()
    covered, errors, halves = 0, [], []
    for seed in seeds:
        estimate, half, true = case(seed)
        covered += abs(estimate - true) <= half
        errors.append(100 * abs(estimate - true) / true)
        halves.append(100 * half / true)
    error, half = statistics.median(errors), statistics.median(halves)
    print(
        f"{name:<8} coverage {covered}/{len(seeds)} = {100 * covered / len(seeds):5.1f} %"
        f"   median |error| {error:6.3f} % of the saving   median half-width {half:6.3f} %"
        f"   half / error {half / error:5.2f}   ({time.perf_counter() - started:.0f} s)"
    )


def main() -> None:
    """Run every method over the seeds asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=60)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--methods", default="cabinet,points,sample")
    args = parser.parse_args()
    cases = {"cabinet": cabinet, "points": points, "sample": sample}
    for name in args.methods.split(","):
        calibrate(name, cases[name], range(args.first_seed, args.first_seed + args.seeds))


if __name__ == "__main__":
    main()
