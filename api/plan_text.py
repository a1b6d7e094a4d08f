"""The sodium plan as text for a terminal, and as JSON and CSV files."""

from __future__ import annotations

import csv
import io

from api.plans import PACKAGE_COLUMNS, Plan, package_rows
from api.schemas_plans import PlanOut
from api.sodium_plan import Option


def plan_json(plan: Plan) -> str:
    """The plan as ``/v1/plans/sodium`` gives it."""
    return PlanOut.model_validate(plan).model_dump_json(indent=2) + "\n"


def plan_csv(plan: Plan) -> str:
    """The packages, one row each in rank order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PACKAGE_COLUMNS)
    for row in package_rows(plan):
        writer.writerow(["" if row[c] is None else row[c] for c in PACKAGE_COLUMNS])
    return out.getvalue()


HEADER = (
    f"{'rank':>5} {'package':<28} {'tier':>4} {'points':>6} {'>=150W':>6} {'life':>5} "
    f"{'p(12m)':>6} {'from':<10} {'relamp EUR':>11} {'lantern EUR':>11} {'kWh/yr':>9}"
)


def _option(label: str, o: Option) -> str:
    return (
        f"  {label} {o.cost_eur:>14,.0f} EUR {o.kwh_saved_per_year:>12,.0f} kWh/yr "
        f"{o.co2_t_saved_per_year:>8,.1f} t CO2/yr  payback {o.payback_years} yr"
    )


def plan_text(plan: Plan, *, points: bool = False) -> str:
    """A summary, the schedule against the deadline, spare lamps, then the packages."""
    t, s, sp = plan.totals, plan.schedule, plan.spares
    lines = [
        (
            f"Sodium plan of {plan.territory} on {plan.computed_on}: {t.points} points "
            f"({t.high_power_points} >= 150 W) in {t.packages} packages"
        ),
        _option("LED relamping:      ", t.relamp),
        _option("lantern replacement:", t.lantern),
        f"Schedule from {s.start}, {s.capacity_per_month} points a month: done by {s.finish}",
    ]
    if s.meets_deadline:
        lines.append(f"  reaches zero before {s.deadline}")
    else:
        needed = s.capacity_needed_per_month
        lines.append(
            f"  MISSES {s.deadline} by {s.remaining_at_deadline} points; "
            + (f"{needed} points a month would do it" if needed else "the deadline is past")
        )
    lines += [
        (
            f"Spare sodium lamps: {sp.needed} needed ({sp.failures_before_deadline} failures "
            f"expected before {s.deadline}, {sp.failures_after_deadline} after), "
            f"{sp.in_stock} in stock, {sp.to_buy_before_deadline} to buy before {s.deadline}"
        ),
        f"Survival: Weibull L50 {plan.survival_l50_h:.0f} h, shape {plan.survival_shape}",
        "",
        HEADER,
    ]
    for row, k in zip(package_rows(plan), plan.packages, strict=True):
        lines.append(
            f"{k.rank:>5} {k.code:<28} {k.tier:>4} {len(k.points):>6} {k.high_power_points:>6} "
            f"{k.mean_life_ratio:>5.2f} {k.failure_probability_12m:>6.3f} "
            f"{row['first_month']!s:<10} {k.relamp.cost_eur:>11,.0f} "
            f"{k.lantern.cost_eur:>11,.0f} {k.lantern.kwh_saved_per_year:>9,.0f}"
        )
        if points:
            lines.append(f"      {' '.join(k.points)}")
    return "\n".join(lines) + "\n"
