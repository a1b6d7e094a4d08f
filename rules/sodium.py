"""Sodium end of life: per cabinet (a work package), and for the fleet against the 2027 deadline.

Per cabinet: its lamps' operating hours against their rated life, counted. For the fleet:
points left against the replacement rate and the day HPS lamps leave the EU market.
Catalogue L-14, L-15 and L-16 (spare lamps).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from rules.model import Context, Inputs, Rule
from rules.sun import night_hours_per_year

DAILY = timedelta(days=1)
RATED_LIFE_HPS_H = 24_000
DEADLINE = "2027-02-24"


@lru_cache(maxsize=16)
def _yearly_night_hours(latitude: float, longitude: float, year: int) -> float:
    return night_hours_per_year(latitude, longitude, date(year, 1, 1))


def burning_hours(ctx: Context) -> Inputs:
    """The territory's yearly burning hours (sunset to sunrise over the last full year)."""
    t = ctx.territory
    return {"night_hours_per_year": _yearly_night_hours(t.latitude, t.longitude, ctx.now.year)}


def deadline_inputs(ctx: Context) -> Inputs:
    """Burning hours, and the burning hours left until the deadline."""
    inputs = burning_hours(ctx)
    deadline = date.fromisoformat(str(ctx.parameters["deadline"]))
    years_left = max((deadline - ctx.now.date()).days, 0) / 365.25
    inputs["hours_to_deadline"] = inputs["night_hours_per_year"] * years_left
    return inputs


SODIUM_LAMP_END_OF_LIFE = Rule(
    id="sodium_lamp_end_of_life",
    reference="L-14",
    title="Sodium lamp end of life",
    description=(
        "Per cabinet (a work package of the sodium plan): half of its high-pressure sodium "
        "lamps or more are past their rated life (default 24,000 h): the package falls due, "
        "relamp or replace it. One alert per cabinet with the counts (past their life, at "
        "80 % of it), not one per lamp; lamps nearing their end are planned by `vigie plan "
        "sodium`. Hours come from the controller's counter, else from the install date times "
        "the yearly night hours. Clears when fewer than a quarter are past their life."
    ),
    severity="low",
    subject="cabinet",
    domain="lighting",
    query="rule_sodium_lamp_end_of_life",
    summary="cabinet {code}: {points_due} of its {sodium_points} sodium lamps due for change, "
    "{points_past_life} past their rated life",
    defaults={
        "default_rated_life_h": RATED_LIFE_HPS_H,
        "plan_ratio": 0.8,
        "replace_ratio": 1.0,
        "due_share": 0.5,
        "clear_share": 0.25,
        "counter_lookback_days": 2,
        "use_counters": True,
    },
    every=DAILY,
    whole_fleet=True,
    clear_after=1,
    prepare=burning_hours,
)

SODIUM_FLEET_DEADLINE = Rule(
    id="sodium_fleet_deadline",
    reference="L-15",
    title="Sodium fleet against the 2027 deadline",
    description=(
        "Sodium points remaining against the replacement rate of the last 90 days: fires when "
        "that rate leaves points on sodium on 24 Feb 2027 (RoHS 4(b)/4(c): no more HPS lamps "
        "placed on the EU market), with the forecast shortfall, the date the fleet would be "
        "done and the lamp failures expected until the deadline (spare stock). Critical once "
        "the deadline has passed with points left."
    ),
    severity="high",
    subject="fleet",
    domain="lighting",
    query="rule_sodium_fleet_deadline",
    summary="{sodium_points} sodium points left; {replaced_per_month}/month replaced, "
    "{needed_per_month}/month needed; {forecast_remaining_at_deadline} left on {deadline}",
    defaults={
        "deadline": DEADLINE,
        "rate_days": 90,
        "weibull_l50_h": 28_000.0,
        "weibull_shape": 3.6,
    },
    every=DAILY,
    clear_after=1,
    prepare=deadline_inputs,
)

SPARE_LAMP_STOCK = Rule(
    id="spare_lamp_stock",
    reference="L-16",
    title="Spare sodium lamps below the forecast failures",
    description=(
        "The latest count of spare sodium lamps (`vigie plan stock`) is under the failures "
        "the Weibull curve forecasts for the HPS lamps in service until 24 Feb 2027, after "
        "which no more are sold: buy the difference before then. Clears when the stock covers "
        "the forecast with 10 % to spare. Unjudged until a count is recorded."
    ),
    severity="high",
    subject="fleet",
    domain="lighting",
    query="rule_spare_lamp_stock",
    summary="{in_stock} spare sodium lamps, {forecast_failures} failures forecast until "
    "{deadline}: buy {to_buy}",
    defaults={
        "deadline": DEADLINE,
        "weibull_l50_h": 28_000.0,
        "weibull_shape": 3.6,
        "clear_margin": 0.1,
    },
    every=DAILY,
    clear_after=1,
    prepare=deadline_inputs,
)

RULES = (SODIUM_LAMP_END_OF_LIFE, SODIUM_FLEET_DEADLINE, SPARE_LAMP_STOCK)
