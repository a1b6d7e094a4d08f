"""The sodium transition plan: every sodium point in one work package, priced and prioritised.

Packages are a cabinet's sodium points (points without a cabinet: their district's), split by
street when a cabinet has more than ``max_points`` of them, so that a contractor executes one
package in one go. Each package is priced for two options: LED relamping (an LED retrofit lamp
in the existing lantern) and lantern replacement (a new dimmable LED lantern), with the energy
and CO2 each saves a year and its simple payback. Packages are ranked, in tiers: first those
whose points are mostly >= 150 W with lanterns over 15 years old (the SIEML criterion), then
the other >= 150 W ones, then the rest; within a tier by the expected share of lamps failing in
the next 12 months (from burning hours against rated life), then by kWh saved per euro.
docs/sodium-plan.md gives the method and the sources of the defaults.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from api.survival import Survival

HIGH_POWER_W = 150.0
OLD_LANTERN_YEARS = 15.0
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class PlanPoint:
    """A sodium point as the plan reads it."""

    code: str
    district: str
    cabinet: str | None
    street: str | None
    nominal_w: float
    ballast_loss_pct: float | None
    rated_h: float
    lamp_since: date
    lantern_since: date | None
    counter_h: float | None


@dataclass(frozen=True)
class Prices:
    """Unit prices and the figures the two options are computed with (settings plan_*)."""

    relamp_eur: float = 180.0
    lantern_eur: float = 650.0
    relamp_led_share: float = 0.45
    lantern_led_share: float = 0.40
    lantern_dimmed_share: float = 0.75
    ballast_loss_pct: float = 15.0
    burning_h_per_year: float = 4_100.0
    eur_per_kwh: float = 0.20
    co2_kg_per_kwh: float = 0.052


@dataclass(frozen=True)
class Option:
    """One way of doing a package: what it costs, saves and pays back."""

    cost_eur: float
    kwh_saved_per_year: float
    co2_t_saved_per_year: float
    payback_years: float | None


@dataclass(frozen=True)
class Package:
    """A work package: its points (by street), its figures and its two options."""

    code: str
    cabinet: str | None
    district: str
    streets: list[str]
    points: list[str]
    rank: int
    tier: int
    high_power_points: int
    mean_life_ratio: float
    mean_lantern_age_years: float | None
    failure_probability_12m: float
    relamp: Option
    lantern: Option


def age_h(point: PlanPoint, today: date, prices: Prices) -> float:
    """Burning hours of the lamp: the counter, else the days since it was fitted."""
    if point.counter_h is not None:
        return point.counter_h
    return (today - point.lamp_since).days * prices.burning_h_per_year / DAYS_PER_YEAR


def system_w(point: PlanPoint, prices: Prices) -> float:
    """What the point draws now: the lamp and its ballast's losses."""
    loss = prices.ballast_loss_pct if point.ballast_loss_pct is None else point.ballast_loss_pct
    return point.nominal_w * (1 + loss / 100)


def kwh_saved(points: list[PlanPoint], prices: Prices, *, lantern: bool) -> float:
    """The kWh a year the option saves on these points."""
    share = (
        prices.lantern_led_share * prices.lantern_dimmed_share
        if lantern
        else prices.relamp_led_share
    )
    watts = sum(system_w(p, prices) - p.nominal_w * share for p in points)
    return watts * prices.burning_h_per_year / 1000


def option(points: list[PlanPoint], prices: Prices, *, lantern: bool) -> Option:
    """The figures of one option over these points."""
    cost = len(points) * (prices.lantern_eur if lantern else prices.relamp_eur)
    kwh = kwh_saved(points, prices, lantern=lantern)
    euros = kwh * prices.eur_per_kwh
    return Option(
        cost_eur=round(cost, 2),
        kwh_saved_per_year=round(kwh, 1),
        co2_t_saved_per_year=round(kwh * prices.co2_kg_per_kwh / 1000, 3),
        payback_years=round(cost / euros, 1) if euros > 0 else None,
    )


def group_points(points: list[PlanPoint], max_points: int) -> list[tuple[str, list[PlanPoint]]]:
    """Points by package: a cabinet's (or a cabinetless district's), split by street."""
    by_owner: dict[tuple[str, str | None], list[PlanPoint]] = defaultdict(list)
    for p in points:
        by_owner[p.district if p.cabinet is None else "", p.cabinet].append(p)
    packages: list[tuple[str, list[PlanPoint]]] = []
    for (district, cabinet), members in sorted(by_owner.items(), key=lambda kv: kv[0][1] or ""):
        base = cabinet or f"{district}-no-cabinet"
        members.sort(key=lambda p: (p.street or "", p.code))
        chunks: list[list[PlanPoint]] = [[]]
        for _, street_points in groupby(members, key=lambda p: p.street or ""):
            street = list(street_points)
            if chunks[-1] and len(chunks[-1]) + len(street) > max_points:
                chunks.append([])
            while len(street) > max_points:
                chunks[-1].extend(street[:max_points])
                street = street[max_points:]
                chunks.append([])
            chunks[-1].extend(street)
        chunks = [c for c in chunks if c]
        for n, chunk in enumerate(chunks, start=1):
            packages.append((base if len(chunks) == 1 else f"{base}-{n}", chunk))
    return packages


def make_packages(
    points: list[PlanPoint],
    *,
    today: date,
    prices: Prices,
    survival: Survival,
    max_points: int,
) -> list[Package]:
    """Every point in one package, the packages ranked (1 first)."""
    year_h = prices.burning_h_per_year
    unranked: list[Package] = []
    for code, members in group_points(points, max_points):
        ages = [age_h(p, today, prices) for p in members]
        lantern_ages = [
            (today - p.lantern_since).days / DAYS_PER_YEAR for p in members if p.lantern_since
        ]
        high = sum(p.nominal_w >= HIGH_POWER_W for p in members)
        old = bool(lantern_ages) and sum(lantern_ages) / len(lantern_ages) > OLD_LANTERN_YEARS
        mostly_high = 2 * high > len(members)
        fails = [
            survival.fails_between(a, a + year_h, p.rated_h)
            for p, a in zip(members, ages, strict=True)
        ]
        unranked.append(
            Package(
                code=code,
                cabinet=members[0].cabinet,
                district=members[0].district,
                streets=sorted({p.street or "" for p in members}),
                points=[p.code for p in members],
                rank=0,
                tier=1 if mostly_high and old else 2 if mostly_high else 3,
                high_power_points=high,
                mean_life_ratio=round(
                    sum(a / p.rated_h for p, a in zip(members, ages, strict=True)) / len(members),
                    3,
                ),
                mean_lantern_age_years=(
                    round(sum(lantern_ages) / len(lantern_ages), 1) if lantern_ages else None
                ),
                failure_probability_12m=round(sum(fails) / len(fails), 4),
                relamp=option(members, prices, lantern=False),
                lantern=option(members, prices, lantern=True),
            )
        )
    unranked.sort(
        key=lambda k: (
            k.tier,
            -k.failure_probability_12m,
            -k.lantern.kwh_saved_per_year / max(k.lantern.cost_eur, 1.0),
            k.code,
        )
    )
    return [Package(**{**k.__dict__, "rank": n}) for n, k in enumerate(unranked, start=1)]
