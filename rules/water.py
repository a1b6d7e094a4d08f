"""Water rules: a leak seen as water running every night (catalogue B-10)."""

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

RULES = (WATER_LEAK,)
