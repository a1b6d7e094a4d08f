"""Public-building rules: drift, out-of-hours use, overheating, décret tertiaire trajectory.

Catalogue B-01, B-03, B-05 and T-01 of the domain reference.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rules.model import Context, Inputs, Rule

DAILY = timedelta(days=1)


def _today(ctx: Context) -> datetime:
    """Local midnight that starts the territory's current day."""
    local = ctx.now.astimezone(ZoneInfo(ctx.territory.timezone))
    return datetime.combine(local.date(), time(), tzinfo=local.tzinfo)


def _tz(ctx: Context) -> Inputs:
    return {"timezone": ctx.territory.timezone}


def drift_windows(ctx: Context) -> Inputs:
    """The last complete days, and the same weeks one year (52 weeks) earlier, widened."""
    end = _today(ctx)
    start = end - timedelta(days=int(ctx.parameters["recent_days"]))
    year = timedelta(weeks=52)
    widen = timedelta(days=int(ctx.parameters["baseline_widen_days"]))
    return {
        **_tz(ctx),
        "recent_start": start,
        "recent_end": end,
        "baseline_start": start - year - widen,
        "baseline_end": end - year + widen,
    }


def week_windows(ctx: Context) -> Inputs:
    """The last complete 7 days and the weeks before them."""
    end = _today(ctx)
    weeks = int(ctx.parameters["baseline_weeks"])
    return {
        **_tz(ctx),
        "recent_start": end - timedelta(days=7),
        "recent_end": end,
        "baseline_start": end - timedelta(days=7 * (weeks + 1)),
    }


def heating_week(ctx: Context) -> Inputs:
    """The last complete 7 days, and whether all of them are in the heating season."""
    first, last = int(ctx.parameters["season_from_month"]), int(ctx.parameters["season_to_month"])

    def in_season(month: int) -> bool:
        return month >= first or month <= last if first > last else first <= month <= last

    end = _today(ctx)
    start = end - timedelta(days=7)
    return {
        **_tz(ctx),
        "recent_start": start,
        "recent_end": end,
        "heating_season": in_season(start.month) and in_season(ctx.now.month),
    }


_HOURS = {"open_hour": 7, "close_hour": 19}

BUILDING_DRIFT = Rule(
    id="building_drift",
    reference="B-01",
    title="Building drift against its baseline",
    description=(
        "An energy meter's mean daily energy over the last 7 complete days exceeds its baseline "
        "(the same weeks 52 weeks earlier, widened by 10 days each side) by more than "
        "max(2 standard deviations, 15 %). Clears below half that margin. Self-contained: "
        "year-on-year, not weather-normalised (docs/rules.md)."
    ),
    severity="medium",
    subject="meter",
    domain="buildings",
    query="rule_building_drift",
    summary="{code} ({quantity}) uses {recent_kwh_per_day} kWh/day, baseline "
    "{baseline_kwh_per_day}",
    defaults={
        "recent_days": 7,
        "baseline_widen_days": 10,
        "sigma_factor": 2.0,
        "min_rise": 0.15,
        "min_recent_days": 6,
        "min_baseline_days": 14,
    },
    every=DAILY,
    clear_after=1,
    prepare=drift_windows,
)

OUT_OF_HOURS = Rule(
    id="out_of_hours",
    reference="B-03",
    title="Out-of-hours consumption",
    description=(
        "Mean electric power while the building is closed (weekends, weekdays before 7 h and "
        "from 19 h) over the last 7 days is above 1.5 times the median of the 8 weeks before, "
        "and more than 0.5 kW above it."
    ),
    severity="medium",
    subject="meter",
    domain="buildings",
    query="rule_out_of_hours",
    summary="{code} draws {recent_kw} kW out of hours, usually {usual_kw} kW",
    defaults={**_HOURS, "baseline_weeks": 8, "min_weeks": 4, "ratio": 1.5, "min_excess_kw": 0.5},
    every=DAILY,
    clear_after=1,
    prepare=week_windows,
)

OVERHEATING = Rule(
    id="overheating",
    reference="B-05",
    title="Overheating against the 19 °C rule",
    description=(
        "In the heating season (October to April), the mean indoor temperature of occupied "
        "hours (weekdays 7 h to 19 h) over the last 7 days is above 19 °C + 1 °C "
        "(Code de l'énergie R241-26). Clears at 19.5 °C or less, and out of season."
    ),
    severity="medium",
    subject="building",
    domain="buildings",
    query="rule_overheating",
    summary="{code} kept at {mean_c} °C in occupied hours (limit {limit_c} °C)",
    defaults={
        **_HOURS,
        "limit_c": 19.0,
        "tolerance_c": 1.0,
        "min_samples": 50,
        "season_from_month": 10,
        "season_to_month": 4,
    },
    every=DAILY,
    clear_after=1,
    prepare=heating_week,
)

TERTIARY_TRAJECTORY = Rule(
    id="tertiary_trajectory",
    reference="T-01",
    title="Décret tertiaire trajectory",
    description=(
        "A building subject to the décret tertiaire used more energy over the last 365 days "
        "than the straight line from its reference-year consumption to -40 % at the end of "
        "2030 allows (not climate-adjusted: an estimate). High from 2028. Needs 90 % of days "
        "with readings."
    ),
    severity="medium",
    subject="building",
    domain="buildings",
    query="rule_tertiary_trajectory",
    summary="{code}: {last_365_days_kwh} kWh over a year, trajectory allows {trajectory_kwh} kWh",
    defaults={
        "target_fraction": 0.6,
        "target_year": 2030,
        "min_coverage": 0.9,
        "clear_margin": 0.02,
        "high_from_year": 2028,
    },
    every=DAILY,
    clear_after=1,
)

RULES = (BUILDING_DRIFT, OUT_OF_HOURS, OVERHEATING, TERTIARY_TRAJECTORY)
