"""Street-lighting rules: lamp power, day burners, cycling lamps, silent controllers.

Catalogue L-01 to L-10 of the domain reference.
"""

from __future__ import annotations

from datetime import timedelta

from rules.model import GROUP_OVER, Context, Inputs, Rule
from rules.sun import as_multirange, days, last_night, nights

EVERY_FIVE_MINUTES = timedelta(minutes=5)
HOURLY = timedelta(hours=1)


def _margin(ctx: Context) -> timedelta:
    return timedelta(minutes=float(ctx.parameters["twilight_min"]))


def night_and_day(ctx: Context) -> Inputs:
    """Nights and days, as multiranges, around the window being judged."""
    end = ctx.window_end or ctx.now
    start = (ctx.window_start or end) - timedelta(days=1)
    t = ctx.territory
    return {
        "nights": as_multirange(nights(t.latitude, t.longitude, start, end, _margin(ctx))),
        "days": as_multirange(days(t.latitude, t.longitude, start, end, _margin(ctx))),
    }


def previous_night(ctx: Context) -> Inputs:
    """The last complete night before now."""
    t = ctx.territory
    start, end = last_night(t.latitude, t.longitude, ctx.now, _margin(ctx))
    return {"night_start": start, "night_end": end}


_POWER = {"samples": 2, "twilight_min": 30, "use_flag": False, "supersede_below": 0.0}

LAMP_FAILURE = Rule(
    id="lamp_failure",
    reference="L-01",
    title="Lamp failure",
    description=(
        "At night, with the lamp not commanded off, its last 2 readings draw under 20 % of the "
        "expected power (nominal power with ballast loss, times the dimming level for dimmable "
        "lamps), or the controller flags a lamp failure. Clears at 50 % or more."
    ),
    severity="high",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_lamp_power",
    summary="lamp failure at {code}: {power_w} W drawn, {expected_w} W expected",
    defaults={
        **_POWER,
        "use_flag": True,
        "fire_min": 0.0,
        "fire_max": 0.2,
        "clear_min": 0.5,
        "clear_max": 1e9,
    },
    reads="lamp",
    prepare=night_and_day,
)

POWER_TOO_LOW = Rule(
    id="power_too_low",
    reference="L-02",
    title="Power too low",
    description=(
        "At night the last 2 readings draw between 20 % and 85 % of the expected power. Clears "
        "at 90 % or more, or below 20 % (a lamp failure then)."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_lamp_power",
    summary="{code} draws {power_w} W, {expected_w} W expected",
    defaults={
        **_POWER,
        "fire_min": 0.2,
        "fire_max": 0.85,
        "clear_min": 0.9,
        "clear_max": 1e9,
        "supersede_below": 0.2,
    },
    reads="lamp",
    prepare=night_and_day,
)

POWER_TOO_HIGH = Rule(
    id="power_too_high",
    reference="L-03",
    title="Power too high",
    description=(
        "At night the last 2 readings draw more than 115 % of the expected power (a wrong "
        "dimming profile, a failing driver). Clears at 110 % or less."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_lamp_power",
    summary="{code} draws {power_w} W, {expected_w} W expected",
    defaults={**_POWER, "fire_min": 1.15, "fire_max": 1e9, "clear_min": 0.0, "clear_max": 1.1},
    reads="lamp",
    prepare=night_and_day,
)

DAY_BURNER = Rule(
    id="day_burner",
    reference="L-04",
    title="Day burner",
    description=(
        "Between sunrise + 30 min and sunset - 30 min, the last 2 readings draw more than 6 W "
        "(standby), or the controller flags a day burner. Clears when they are at standby."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_day_burner",
    summary="{code} burns in daylight: {power_w} W",
    defaults={"samples": 2, "twilight_min": 30, "standby_max_w": 6.0},
    reads="lamp",
    prepare=night_and_day,
)

CYCLING_LAMP = Rule(
    id="cycling_lamp",
    reference="L-06",
    title="Cycling lamp",
    description=(
        "During the last complete night the lamp went out and restarted more than 3 times "
        "(from power, or from its switch counter), or the controller flags cycling: the "
        "end-of-life symptom of sodium lamps. A quiet night clears it."
    ),
    severity="high",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_cycling_lamp",
    summary="{code} cycled {cycles} times during the night",
    defaults={"max_restarts": 3, "standby_max_w": 6.0, "twilight_min": 30},
    every=HOURLY,
    clear_after=1,
    prepare=previous_night,
)

_OFFLINE = {"offline_periods": 3.0, "online_periods": 1.5, "lookback_days": 30}

CONTROLLER_OFFLINE = Rule(
    id="controller_offline",
    reference="L-10",
    title="Light-point controller offline",
    description=(
        "A remote-controlled light point's newest reading is older than 3 reporting periods. "
        "Clears once it reports within 1.5 periods. Points never heard from are not judged."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_controller_offline",
    summary="controller of {code} silent since {last_reading}",
    defaults=_OFFLINE,
    every=EVERY_FIVE_MINUTES,
    whole_fleet=True,
    clear_after=1,
)

CABINET_OFFLINE = Rule(
    id="cabinet_offline",
    reference="L-10",
    title="Control cabinet offline",
    description=(
        "A remote-controlled cabinet's newest reading is older than 3 reporting periods. "
        "Clears once it reports within 1.5 periods."
    ),
    severity="high",
    subject="cabinet",
    domain="lighting",
    query="rule_cabinet_offline",
    summary="cabinet {code} silent since {last_reading}",
    defaults=_OFFLINE,
    every=EVERY_FIVE_MINUTES,
    whole_fleet=True,
    clear_after=1,
)

RULES = (
    LAMP_FAILURE,
    POWER_TOO_LOW,
    POWER_TOO_HIGH,
    DAY_BURNER,
    CYCLING_LAMP,
    CONTROLLER_OFFLINE,
    CABINET_OFFLINE,
)
