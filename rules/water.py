"""Water and comfort rules of buildings: a leak (B-10), a school or nursery too cold (B-08)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rules.model import Context, Inputs, Rule

DAILY = timedelta(days=1)


def last_nights(ctx: Context) -> Inputs:
    """The local dates of the last complete nights and the instants around them."""
    zone = ZoneInfo(ctx.territory.timezone)
    local = ctx.now.astimezone(zone)
    to_hour = int(ctx.parameters["night_to_hour"])
    last = local.date() if local.hour >= to_hour else local.date() - DAILY
    first = last - (int(ctx.parameters["nights"]) - 1) * DAILY
    return {
        "first_night_day": first,
        "last_night_day": last,
        # one hour before the first night: its first reading has a step before it
        "first_night": datetime.combine(first, time(), tzinfo=zone) - timedelta(hours=1),
        "last_night_end": datetime.combine(last, time(to_hour), tzinfo=zone),
    }


WATER_LEAK = Rule(
    id="water_leak",
    reference="B-10",
    title="Water leak",
    description=(
        "A water meter's smallest flow of each of the last 3 nights (1 h to 5 h local) was "
        "above 0 litres per reading: water kept running while the building was closed. "
        "Clears once the latest night had a reading step of 0 litres."
    ),
    severity="high",
    subject="meter",
    domain="buildings",
    query="rule_water_leak",
    summary="{code}: water ran every night for {nights} nights, at least {least_night_flow_l} L",
    defaults={
        "nights": 3,
        "night_from_hour": 1,
        "night_to_hour": 5,
        "fire_l": 0.0,
        "clear_l": 0.0,
    },
    every=DAILY,
    clear_after=1,
    prepare=last_nights,
)

HOURLY = timedelta(hours=1)


def occupied_hours(ctx: Context) -> Inputs:
    """The last ``cold_hours`` before now, and whether all of them were occupied hours."""
    zone = ZoneInfo(ctx.territory.timezone)
    end = ctx.now.astimezone(zone)
    start = end - timedelta(hours=int(ctx.parameters["cold_hours"]))
    opens, closes = int(ctx.parameters["open_hour"]), int(ctx.parameters["close_hour"])
    occupied = (
        start.date() == end.date()
        and end.weekday() < 5  # noqa: PLR2004 - Monday to Friday
        and start.hour >= opens
        and (end.hour < closes or (end.hour == closes and end.minute == 0))
    )
    return {
        "timezone": ctx.territory.timezone,
        "recent_start": start,
        "recent_end": end,
        "occupied": occupied,
    }


UNDERHEATING = Rule(
    id="underheating",
    reference="B-08",
    title="School or nursery too cold",
    description=(
        "In a school or a nursery, every indoor temperature reading of the last 2 hours, all "
        "in occupied hours (weekdays 7 h to 19 h), is under 17 °C: children in the cold. "
        "Clears when they are all at 18 °C or more; outside occupied hours, no change."
    ),
    severity="high",
    subject="building",
    domain="buildings",
    query="rule_underheating",
    summary="{code} ({category}) under {limit_c} °C for {hours} hours, {warmest_c} °C at most",
    defaults={
        "cold_hours": 2,
        "open_hour": 7,
        "close_hour": 19,
        "limit_c": 17.0,
        "clear_c": 18.0,
        "min_samples": 2,
    },
    every=HOURLY,
    clear_after=1,
    prepare=occupied_hours,
)

RULES = (WATER_LEAK, UNDERHEATING)
