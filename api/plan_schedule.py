"""The sodium plan over time: a schedule under a monthly capacity, and the spare lamps it needs.

Work starts on the first day of the month after ``today``. Each month takes the next
``capacity`` points in package rank order; a point counts as done at the end of its month. The
plan reaches zero before the deadline when no point is done after it; otherwise the schedule
says how many points are left on the deadline and the capacity that would have done them all
(points over the whole months before the deadline).

Spare lamps: until its package is done, a sodium point whose lamp fails is relamped with a
sodium lamp. The expected failures come from the survival curve, for each point from its
burning hours today to the end of its month, split at the deadline: those after it must be
bought before it (no HPS lamp is placed on the EU market after 24 February 2027). A point fails
at most once in the forecast (a new lamp is young; its own failure is negligible over months).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from api.sodium_plan import DAYS_PER_YEAR, Package, PlanPoint, Prices, age_h
from api.survival import Survival


@dataclass(frozen=True)
class Month:
    """The work of one month."""

    month: date
    points: int
    packages: list[str]
    remaining_after: int


@dataclass(frozen=True)
class Schedule:
    """When the packages are done, and whether the deadline is met."""

    start: date
    capacity_per_month: int
    deadline: date
    months: list[Month]
    finish: date | None
    meets_deadline: bool
    remaining_at_deadline: int
    capacity_needed_per_month: int | None


@dataclass(frozen=True)
class Spares:
    """Sodium lamps needed to keep the points lit until their package is done."""

    failures_before_deadline: float
    failures_after_deadline: float
    needed: int
    in_stock: int
    to_buy_before_deadline: int


def month_end(start: date, index: int) -> date:
    """The first day of the month after month ``index`` counted from ``start``."""
    months = start.month - 1 + index + 1
    return date(start.year + months // 12, months % 12 + 1, 1)


def first_month(today: date) -> date:
    """The first day of the month after ``today``."""
    return month_end(today.replace(day=1), 0)


def done_dates(packages: list[Package], start: date, capacity: int) -> dict[str, date]:
    """When each point is done: the end of its month, in rank order."""
    order = [code for k in sorted(packages, key=lambda k: k.rank) for code in k.points]
    return {code: month_end(start, n // capacity) for n, code in enumerate(order)}


def schedule(packages: list[Package], *, today: date, capacity: int, deadline: date) -> Schedule:
    """The month-by-month schedule of the packages under ``capacity`` points a month."""
    start = first_month(today)
    done = done_dates(packages, start, capacity)
    total = len(done)
    months: list[Month] = []
    left = total
    for index in range(math.ceil(total / capacity)):
        ends = month_end(start, index)
        in_month = [code for code, d in done.items() if d == ends]
        left -= len(in_month)
        names = [k.code for k in packages if set(k.points) & set(in_month)]
        months.append(Month(month_end(start, index - 1), len(in_month), names, left))
    whole_months = 0
    while month_end(start, whole_months) <= deadline:
        whole_months += 1
    remaining = sum(1 for d in done.values() if d > deadline)
    return Schedule(
        start=start,
        capacity_per_month=capacity,
        deadline=deadline,
        months=months,
        finish=max(done.values()) if done else None,
        meets_deadline=remaining == 0,
        remaining_at_deadline=remaining,
        capacity_needed_per_month=math.ceil(total / whole_months) if whole_months else None,
    )


def spares(  # noqa: PLR0913 - the points, when they are done, and the curve's inputs
    points: list[PlanPoint],
    done: dict[str, date],
    *,
    today: date,
    deadline: date,
    prices: Prices,
    survival: Survival,
    in_stock: int,
) -> Spares:
    """Expected lamp failures before and after the deadline against the stock."""
    per_day = prices.burning_h_per_year / DAYS_PER_YEAR
    before = after = 0.0
    for p in points:
        age = age_h(p, today, prices)
        end = done[p.code]
        at_deadline = age + max((min(end, deadline) - today).days, 0) * per_day
        at_end = age + max((end - today).days, 0) * per_day
        before += survival.fails_between(age, at_deadline, p.rated_h)
        if end > deadline:
            alive_now = survival.alive(age, p.rated_h)
            if alive_now > 0:
                after += (
                    survival.alive(at_deadline, p.rated_h) - survival.alive(at_end, p.rated_h)
                ) / alive_now
    needed = math.ceil(round(before + after, 6))
    return Spares(
        failures_before_deadline=round(before, 1),
        failures_after_deadline=round(after, 1),
        needed=needed,
        in_stock=in_stock,
        to_buy_before_deadline=max(needed - in_stock, 0),
    )
