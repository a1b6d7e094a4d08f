"""Supply rules: the controllers' measurements (L-07, L-08, L-09, L-11) and the cabinet's (L-12).

L-07 to L-09 and L-11 judge the last readings of a light point that carry their measurement,
when a batch of lamp readings arrives; L-12 judges yesterday's energy of each cabinet against
its points'. Each clears at a threshold set apart from the firing one (hysteresis).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from rules.model import GROUP_OVER, Context, Inputs, Rule

DAILY = timedelta(days=1)


def yesterday(ctx: Context) -> Inputs:
    """The last complete local day of the territory."""
    local = ctx.now.astimezone(ZoneInfo(ctx.territory.timezone))
    return {"day": local.date() - DAILY}


SUPPLY_VOLTAGE = Rule(
    id="supply_voltage",
    reference="L-07",
    title="Supply voltage out of range",
    description=(
        "The last 2 readings of a light point that carry a voltage are more than 15 % away "
        "from 230 V (Echelon voltageLow/High). Clears when they are within 10 %."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_supply_voltage",
    summary="{code}: supply at {voltage_v} V, {nominal_v} V nominal",
    defaults={"samples": 2, "nominal_v": 230.0, "fire_fraction": 0.15, "clear_fraction": 0.10},
    reads="lamp",
)

DIMMING_NOT_APPLIED = Rule(
    id="dimming_not_applied",
    reference="L-11",
    title="Dimming profile not applied",
    description=(
        "A dimmable light point lit at more than 80 % of full output for its last 2 readings "
        "inside the territory's reduced-output hours (22:30 to 05:00 local by default): its "
        "dimming profile is not applied, and the saving its renovation counted on is lost. "
        "Output is the controller's dimming level, else power against nominal power. Clears "
        "at 65 % or less."
    ),
    severity="low",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_dimming_not_applied",
    summary="{code}: {output_pct} % of full output in the reduced-output hours",
    defaults={
        "samples": 2,
        "dim_from": 22.5,
        "dim_to": 5.0,
        "fire_pct": 80.0,
        "clear_pct": 65.0,
    },
    reads="lamp",
)

POWER_FACTOR = Rule(
    id="power_factor_low",
    reference="L-08",
    title="Low power factor",
    description=(
        "The last 2 readings of a lit light point (over 6 W) have a power factor under 0.65 "
        "(Echelon pfLow; a sound LED driver is at 0.9 or more): a failing driver or "
        "compensation capacitor. Clears at 0.75 or more."
    ),
    severity="informational",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_power_factor",
    summary="{code}: power factor {power_factor}, under {fire_below}",
    defaults={"samples": 2, "standby_max_w": 6.0, "fire_below": 0.65, "clear_from": 0.75},
    reads="lamp",
)

CONTROLLER_OVERHEATING = Rule(
    id="controller_overheating",
    reference="L-09",
    title="Controller overheating",
    description=(
        "The last 2 readings of a light point's control gear temperature are above 65 degC "
        "(Echelon highTemp; uCIFI 3416 resource 21): medium, high from 80 degC. Clears at "
        "60 degC or less."
    ),
    severity="medium",
    subject="light_point",
    group_over=GROUP_OVER,
    domain="lighting",
    query="rule_controller_overheating",
    summary="{code}: control gear at {temp_c} degC, over {fire_c} degC",
    defaults={"samples": 2, "fire_c": 65.0, "high_c": 80.0, "clear_c": 60.0},
    reads="lamp",
)

CABINET_BALANCE = Rule(
    id="cabinet_balance",
    reference="L-12",
    title="Cabinet energy against its points",
    description=(
        "Yesterday, a cabinet's metered energy and the sum of its light points' differ by "
        "more than 10 % of the cabinet's: a point not reporting what it draws, an unregistered "
        "load, a failing cable. Clears under 7 %. Judged only when the cabinet and all its "
        "points reported over 90 % of the day and the cabinet drew 1 kWh or more."
    ),
    severity="medium",
    subject="cabinet",
    domain="lighting",
    query="rule_cabinet_balance",
    summary=(
        "cabinet {code}: {cabinet_kwh} kWh metered on {day}, its {points} points {points_kwh} kWh"
    ),
    defaults={
        "fire_fraction": 0.10,
        "clear_fraction": 0.07,
        "min_coverage": 0.9,
        "min_kwh": 1.0,
    },
    every=DAILY,
    clear_after=1,
    prepare=yesterday,
)

BURNING_HOURS = Rule(
    id="burning_hours_drift",
    reference="L-13",
    title="Burning hours off the schedule",
    description=(
        "Over the last 7 days, a cabinet's measured burning hours are more than 5 % away from "
        "the scheduled lit hours (sunset to sunrise with the territory's offsets): a drifting "
        "photocell or clock. Clears within 3 %. Judged only with burning hours on all 7 days."
    ),
    severity="medium",
    subject="cabinet",
    domain="lighting",
    query="rule_burning_hours",
    summary="cabinet {code}: lit {on_hours} h in {days} days, {scheduled_hours} h scheduled",
    defaults={"days": 7, "fire_fraction": 0.05, "clear_fraction": 0.03},
    every=DAILY,
    clear_after=1,
    prepare=yesterday,
)

RULES = (
    SUPPLY_VOLTAGE,
    POWER_FACTOR,
    CONTROLLER_OVERHEATING,
    DIMMING_NOT_APPLIED,
    CABINET_BALANCE,
    BURNING_HOURS,
)
