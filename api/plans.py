"""The sodium transition plan of a territory, assembled: packages, schedule, spares, totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from api.plan_schedule import Schedule, Spares, done_dates, first_month, schedule, spares
from api.sodium_plan import Option, Package, PlanPoint, Prices, make_packages, option
from api.survival import Survival
from core.settings import Settings


@dataclass(frozen=True)
class Totals:
    """The whole plan in figures, for each option."""

    points: int
    packages: int
    high_power_points: int
    relamp: Option
    lantern: Option


@dataclass(frozen=True)
class Plan:
    """What `vigie plan sodium` and ``/v1/plans/sodium`` answer."""

    territory: str
    computed_on: date
    survival_l50_h: float
    survival_shape: float
    totals: Totals
    schedule: Schedule
    spares: Spares
    packages: list[Package]


@dataclass(frozen=True)
class Knobs:
    """What a plan is computed with: prices, curve, capacity, package size, deadline, stock."""

    prices: Prices
    survival: Survival
    capacity: int
    max_points: int
    deadline: date
    in_stock: int


def knobs_of(settings: Settings, capacity: int | None = None, stock: int | None = None) -> Knobs:
    """The plan's inputs from the settings; capacity and stock may be given instead."""
    s = settings
    return Knobs(
        prices=Prices(
            relamp_eur=s.plan_relamp_eur,
            lantern_eur=s.plan_lantern_eur,
            relamp_led_share=s.plan_relamp_led_share,
            lantern_led_share=s.plan_lantern_led_share,
            lantern_dimmed_share=s.plan_lantern_dimmed_share,
            ballast_loss_pct=s.plan_ballast_loss_pct,
            burning_h_per_year=s.plan_burning_h_per_year,
            eur_per_kwh=s.plan_eur_per_kwh,
            co2_kg_per_kwh=s.plan_co2_kg_per_kwh,
        ),
        survival=Survival(l50_h=s.plan_weibull_l50_h, shape=s.plan_weibull_shape),
        capacity=capacity or s.plan_capacity_points_per_month,
        max_points=s.plan_package_max_points,
        deadline=s.plan_deadline,
        in_stock=s.plan_spare_lamps_in_stock if stock is None else stock,
    )


def build_plan(territory: str, points: list[PlanPoint], knobs: Knobs, today: date) -> Plan:
    """The plan of these sodium points as of ``today``."""
    packages = make_packages(
        points,
        today=today,
        prices=knobs.prices,
        survival=knobs.survival,
        max_points=knobs.max_points,
    )
    done = done_dates(packages, first_month(today), knobs.capacity)
    return Plan(
        territory=territory,
        computed_on=today,
        survival_l50_h=knobs.survival.l50_h,
        survival_shape=knobs.survival.shape,
        totals=Totals(
            points=len(points),
            packages=len(packages),
            high_power_points=sum(k.high_power_points for k in packages),
            relamp=option(points, knobs.prices, lantern=False),
            lantern=option(points, knobs.prices, lantern=True),
        ),
        schedule=schedule(packages, today=today, capacity=knobs.capacity, deadline=knobs.deadline),
        spares=spares(
            points,
            done,
            today=today,
            deadline=knobs.deadline,
            prices=knobs.prices,
            survival=knobs.survival,
            in_stock=knobs.in_stock,
        ),
        packages=packages,
    )


PACKAGE_COLUMNS = (
    "rank",
    "package",
    "tier",
    "cabinet",
    "district",
    "points",
    "high_power_points",
    "mean_life_ratio",
    "mean_lantern_age_years",
    "failure_probability_12m",
    "first_month",
    "done_by",
    "relamp_cost_eur",
    "relamp_kwh_saved_per_year",
    "relamp_co2_t_saved_per_year",
    "relamp_payback_years",
    "lantern_cost_eur",
    "lantern_kwh_saved_per_year",
    "lantern_co2_t_saved_per_year",
    "lantern_payback_years",
    "streets",
    "point_codes",
)


def package_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per package, in rank order, for the CSV and JSON export."""
    done = done_dates(plan.packages, plan.schedule.start, plan.schedule.capacity_per_month)
    rows: list[dict[str, object]] = []
    for k in plan.packages:
        ends = sorted(done[p] for p in k.points)
        rows.append(
            {
                "rank": k.rank,
                "package": k.code,
                "tier": k.tier,
                "cabinet": k.cabinet,
                "district": k.district,
                "points": len(k.points),
                "high_power_points": k.high_power_points,
                "mean_life_ratio": k.mean_life_ratio,
                "mean_lantern_age_years": k.mean_lantern_age_years,
                "failure_probability_12m": k.failure_probability_12m,
                "first_month": (ends[0] - timedelta(days=1)).replace(day=1).isoformat(),
                "done_by": (ends[-1] - timedelta(days=1)).isoformat(),
                **{f"relamp_{n}": v for n, v in k.relamp.__dict__.items()},
                **{f"lantern_{n}": v for n, v in k.lantern.__dict__.items()},
                "streets": "; ".join(k.streets),
                "point_codes": " ".join(k.points),
            }
        )
    return rows
