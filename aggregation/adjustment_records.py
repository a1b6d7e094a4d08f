"""What ``vigie adjustments add|list|withdraw`` do: non-routine adjustments of actions' baselines.

The same rules as the API's (``core.adjustments``, then the database's): a known kind, an end
after the start, a finite value, a reason, an asset of the action's territory, and the person
who records or withdraws it. A withdrawn adjustment is kept, marked. The effects computed from
then on apply what is recorded: the aggregation's hourly evaluation, or ``vigie effects``.
"""

from __future__ import annotations

from pydantic import ValidationError

from aggregation import store_adjustments
from aggregation.store_adjustments import LoggedAdjustment
from core.adjustments import NewAdjustment
from core.database import Connection, connect
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.runtime import start_program

OPTIONS = {
    "kind": "--kind",
    "starts_on": "--starts-on",
    "ends_on": "--ends-on",
    "kwh_per_year": "--kwh-per-year",
    "asset": "--asset",
    "reason": "--reason",
}


def parse_adjustment(fields: dict[str, str | None], asset: str | None) -> NewAdjustment:
    """An adjustment from the command's options; every bad one named in one error."""
    problems = []
    given: dict[str, object] = {k: v for k, v in fields.items() if v is not None}
    if asset is not None:
        kind, sep, code = asset.partition(":")
        if sep:
            given["asset"] = {"kind": kind, "code": code}
        else:
            problems.append(Problem("--asset", "kind:code, e.g. cabinet:C-0042"))
    found = None
    try:
        found = NewAdjustment.model_validate(given)
    except ValidationError as exc:
        problems += [Problem(OPTIONS.get(str(e["loc"][0]), "?"), e["msg"]) for e in exc.errors()]
    if found is None or problems:
        raise InvalidInput("invalid adjustment: " + "; ".join(map(str, problems)), problems)
    return found


def record(action: str, adjustment: NewAdjustment, by: str) -> str:
    """Record an adjustment of an action's baseline; what to tell the person."""
    settings = start_program()
    with connect(settings.database_url) as conn:
        action_id, territory = _action(conn, action)
        new_id = store_adjustments.record(conn, action_id, adjustment, _person(conn, by))
    if new_id is None:
        asset = adjustment.asset
        where = f"no {asset.kind} {asset.code} in territory {territory}" if asset else "?"
        raise InvalidInput(f"invalid adjustment: --asset: {where}", [Problem("--asset", where)])
    return (
        f"adjustment {new_id} recorded for {action}; the next computation of its effects "
        f"applies it (hourly, or now: vigie effects --territory {territory})"
    )


def listing(action: str) -> list[str]:
    """The lines listing an action's adjustments, withdrawn ones marked."""
    settings = start_program()
    with connect(settings.database_url) as conn:
        action_id, _ = _action(conn, action)
        found = store_adjustments.logged(conn, action_id)
    return [adjustment_line(a) for a in found] or [f"{action}: no adjustment recorded"]


def withdraw(action: str, adjustment_id: int, by: str, reason: str | None) -> str:
    """Withdraw an adjustment: kept, marked, no longer applied; what to tell the person."""
    settings = start_program()
    with connect(settings.database_url) as conn:
        action_id, territory = _action(conn, action)
        result = store_adjustments.withdraw(
            conn, action_id, adjustment_id, _person(conn, by), reason
        )
    if result is None:
        raise NotFound(f"action {action} has no adjustment {adjustment_id}")
    if not result[1]:
        raise Conflict(f"adjustment {adjustment_id} was withdrawn on {result[0]:%Y-%m-%d}")
    return (
        f"adjustment {adjustment_id} withdrawn; the next computation of the effects of {action} "
        f"leaves it out (hourly, or now: vigie effects --territory {territory})"
    )


def adjustment_line(a: LoggedAdjustment) -> str:
    """One adjustment on one line: id, kind, days, asset, kWh a year, who, why; if withdrawn."""
    days = f"{a.starts_on}..{a.ends_on}" if a.ends_on else f"from {a.starts_on}"
    asset = f" {a.asset_kind}:{a.asset_code}" if a.asset_kind else ""
    text = (
        f"{a.id:>5} {a.kind} {days}{asset} {a.kwh_per_year:+,.0f} kWh/year, recorded "
        f"{a.recorded_at:%Y-%m-%d} by {a.recorded_by_name or '?'}: {a.reason}"
    )
    if a.withdrawn_at is not None:
        why = f": {a.withdrawal_reason}" if a.withdrawal_reason else ""
        text += f" [withdrawn {a.withdrawn_at:%Y-%m-%d} by {a.withdrawn_by_name or '?'}{why}]"
    return text


def _action(conn: Connection, code: str) -> tuple[int, str]:
    found = store_adjustments.action_of(conn, code)
    if found is None:
        raise NotFound(f"no action {code}")
    return found


def _person(conn: Connection, email: str) -> int:
    found = store_adjustments.person_of(conn, email)
    if found is None:
        raise NotFound(f"no person with e-mail {email}")
    return found
