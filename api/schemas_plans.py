"""What ``/v1/plans/sodium`` answers and accepts: the plan, and a package made an action."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from api.schemas import Code, In, Out
from core.policy.records import Email, Title


class OptionOut(Out):
    """One way of doing a package (or the whole plan): cost, savings, payback."""

    cost_eur: float
    kwh_saved_per_year: float
    co2_t_saved_per_year: float
    payback_years: float | None


class PackageOut(Out):
    """A work package: its points, its priority and its two options."""

    code: str
    rank: int
    tier: int = Field(
        description="1: mostly >= 150 W with lanterns over 15 years; 2: mostly >= 150 W; 3: rest"
    )
    cabinet: str | None
    district: str
    streets: list[str]
    points: list[str]
    high_power_points: int
    mean_life_ratio: float
    mean_lantern_age_years: float | None
    failure_probability_12m: float
    relamp: OptionOut
    lantern: OptionOut


class MonthOut(Out):
    """The work of one month of the schedule."""

    month: date
    points: int
    packages: list[str]
    remaining_after: int


class ScheduleOut(Out):
    """When the packages are done under the monthly capacity, against the deadline."""

    start: date
    capacity_per_month: int
    deadline: date
    months: list[MonthOut]
    finish: date | None
    meets_deadline: bool
    remaining_at_deadline: int
    capacity_needed_per_month: int | None


class SparesOut(Out):
    """Sodium lamps needed until the packages are done, against the recorded stock."""

    failures_before_deadline: float
    failures_after_deadline: float
    needed: int
    in_stock: int
    to_buy_before_deadline: int


class TotalsOut(Out):
    """The plan in figures, for each option."""

    points: int
    packages: int
    high_power_points: int
    relamp: OptionOut
    lantern: OptionOut


class PlanOut(Out):
    """The sodium transition plan of the territory."""

    territory: str
    computed_on: date
    survival_l50_h: float
    survival_shape: float
    totals: TotalsOut
    schedule: ScheduleOut
    spares: SparesOut
    packages: list[PackageOut]


class PlanActionIn(In):
    """Make a package, or the whole plan, a policy action whose scope is its points."""

    code: Code
    mission: Code
    package: str | None = Field(default=None, description="A package's code; none: all of it.")
    option: Literal["relamp", "lantern"] = "lantern"
    title: Title | None = None
    pilot: Email | None = None
