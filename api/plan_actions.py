"""A package of the sodium plan, or the whole plan, made a policy action.

The action's scope is the package's light points, one row each, so that its effect is later
measured like any renovation; its planned dates are the package's months in the schedule and
its projected saving the chosen option's kWh a year.
"""

from __future__ import annotations

from datetime import timedelta

from api.plan_schedule import done_dates
from api.plans import Plan
from api.schemas_plans import PlanActionIn
from core.database import Connection
from core.errors import Conflict, NotFound
from core.policy import scopes
from core.policy.reads import record
from core.policy.records import ActionRecord, ScopeRecord
from core.policy.writes import put_action


def make_action(conn: Connection, territory_id: int, plan: Plan, wanted: PlanActionIn) -> int:
    """Create the action of ``wanted.package`` (or of the plan); its id."""
    if wanted.package is None:
        points = [code for k in plan.packages for code in k.points]
        option = getattr(plan.totals, wanted.option)
        what = f"the sodium plan ({len(plan.packages)} packages)"
    else:
        package = next((k for k in plan.packages if k.code == wanted.package), None)
        if package is None:
            raise NotFound(f"no package {wanted.package} in the sodium plan")
        points, option = package.points, getattr(package, wanted.option)
        what = f"sodium package {package.code} (rank {package.rank})"
    if not points:
        raise NotFound("the sodium plan has no point left")
    if record(conn, "action", territory_id=territory_id, code=wanted.code) is not None:
        raise Conflict(f"action {wanted.code} exists")
    done = done_dates(plan.packages, plan.schedule.start, plan.schedule.capacity_per_month)
    ends = sorted(done[p] for p in points)
    label = "lantern replacement" if wanted.option == "lantern" else "LED relamping"
    action = ActionRecord(
        code=wanted.code,
        mission=wanted.mission,
        title=wanted.title or f"{label.capitalize()}: {what}",
        description=(
            f"{len(points)} sodium points, {label}: {option.cost_eur:.0f} EUR, "
            f"{option.kwh_saved_per_year:.0f} kWh/yr saved (sodium plan of {plan.computed_on})."
        ),
        pilot=wanted.pilot,
        planned_start=(ends[0] - timedelta(days=1)).replace(day=1),
        planned_end=ends[-1] - timedelta(days=1),
        projected_saving_kwh_per_year=option.kwh_saved_per_year,
        saving_commitment="projected",
    )
    action_id = put_action(conn, territory_id, action).id
    known = scopes.scope_ids(conn, action_id)
    for code in points:
        target = scopes.resolve_scope(
            conn, territory_id, ScopeRecord(kind="light_point", code=code)
        )
        scopes.add_scope(conn, action_id, "treated", target, known)
    return action_id
