"""Benchmark of the sodium plan's computation on a synthetic fleet (prints figures).

8,000 sodium points behind cabinets of 60, of 70 to 250 W, lamps fitted 2010-2024: the time
``build_plan`` takes (packages, options, schedule, spare lamps), median of ``RUNS``.

    .venv/bin/python -m bench.plan_sodium
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from api.plans import build_plan, knobs_of
from api.sodium_plan import PlanPoint
from core.settings import Settings

POINTS = 8_000
RUNS = 5


def fleet(seed: int = 1) -> list[PlanPoint]:
    """A synthetic sodium fleet."""
    draw = random.Random(seed)
    return [
        PlanPoint(
            code=f"P{i:05d}",
            district=f"D{i % 40}",
            cabinet=f"C{i // 60}",
            street=f"Rue {i % 7}",
            nominal_w=draw.choice([70.0, 100.0, 150.0, 250.0]),
            ballast_loss_pct=None,
            rated_h=24_000.0,
            lamp_since=date(2010 + draw.randint(0, 14), 1, 1),
            lantern_since=date(2000, 1, 1),
            counter_h=None,
        )
        for i in range(POINTS)
    ]


def main() -> None:
    """Print the median time and the plan's headline figures."""
    points, knobs = fleet(), knobs_of(Settings())
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        plan = build_plan("bench", points, knobs, date(2026, 12, 4))
        times.append(time.perf_counter() - started)
    print(
        f"{POINTS} points, {plan.totals.packages} packages: {statistics.median(times):.2f} s; "
        f"{plan.schedule.remaining_at_deadline} left on the deadline, "
        f"{plan.spares.needed} spare lamps"
    )


if __name__ == "__main__":
    main()
