"""The décret tertiaire's yearly declaration on OPERAT, due by 30 September (catalogue T-02)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from rules.model import Context, Inputs, Rule

DAILY = timedelta(days=1)


def declaration_dates(ctx: Context) -> Inputs:
    """This year's deadline and warning day, and the consumption year they are for."""
    today = ctx.now.astimezone(ZoneInfo(ctx.territory.timezone)).date()
    month, day = (int(x) for x in str(ctx.parameters["deadline_day"]).split("-"))
    warn_month, warn_day = (int(x) for x in str(ctx.parameters["warn_from_day"]).split("-"))
    return {
        "consumption_year": today.year - 1,
        "deadline": date(today.year, month, day),
        "warn_from": date(today.year, warn_month, warn_day),
    }


OPERAT_DEADLINE = Rule(
    id="operat_deadline",
    reference="T-02",
    title="OPERAT declaration due",
    description=(
        "Buildings subject to the décret tertiaire have no declaration recorded (`vigie decree "
        "declared`) of last year's consumption: one alert for the territory's declaration "
        "campaign, with the count and the buildings, to the buildings mission's lead; medium "
        "from 1 September, high (overdue) after 30 September. Clears once all are declared."
    ),
    severity="medium",
    subject="fleet",
    domain="buildings",
    query="rule_operat_deadline",
    summary="{undeclared} building(s) without their OPERAT declaration of {year}: {state}, "
    "deadline {deadline}",
    defaults={"deadline_day": "09-30", "warn_from_day": "09-01"},
    every=DAILY,
    clear_after=1,
    prepare=declaration_dates,
)

RULES = (OPERAT_DEADLINE,)
