"""Sub-commands of the aggregation: rollups, effects, indicators and the météo."""

from __future__ import annotations

import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from core.errors import NotFound

indicators_app = typer.Typer(help="Indicators of the policy tree.", no_args_is_help=True)
temperatures_app = typer.Typer(help="Daily outdoor temperatures.", no_args_is_help=True)
adjustments_app = typer.Typer(
    help="Non-routine adjustments of actions' baselines (IPMVP).", no_args_is_help=True
)

Territory = Annotated[str | None, typer.Option(help="Territory code (default: all).")]
On = Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD; default: today, UTC).")]


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else datetime.now(UTC).date()


def aggregate(
    since: Annotated[
        str | None, typer.Option(help="Rebuild every rollup from this date (YYYY-MM-DD).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Rebuild every rollup from the start.")] = False,
    follow: Annotated[
        bool, typer.Option(help="Keep running: rollups on each batch, evaluation hourly.")
    ] = False,
) -> None:
    """Recompute the rollups touched by new batches (or rebuild them)."""
    from aggregation import follower, jobs
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    if follow:
        loop = follower.Follower(settings.database_url)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: loop.stop())
        loop.run()
        return
    with connect(settings.database_url, autocommit=True) as conn:
        if since or rebuild:
            start = datetime.combine(_day(since), datetime.min.time(), UTC) if since else None
            result = jobs.aggregate_all(conn, start)
        else:
            result = jobs.aggregate_pending(conn)
    typer.echo(
        f"{result.batches} batches, {result.windows} windows, {result.hours:.0f} hours, "
        f"{result.rows} rows in {result.seconds:.1f} s"
    )


def compute_effects(territory: Territory = None, as_of: On = None) -> None:
    """Compute the effect of every action that treats a scope."""
    from aggregation import effects, store, store_effects
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        for place in store.territories(conn, territory):
            day = _day(as_of)
            count = effects.compute_effects(conn, place, day)
            typer.echo(f"{place.code}: {count} effects as of {day}; * marks each action's headline")
            for e in store_effects.effects_report(conn, place.id):
                typer.echo(_effect_line(e))


@indicators_app.command("define")
def define(
    policy: Annotated[str, typer.Option(help="Policy code, e.g. TI.")],
) -> None:
    """Define the built-in indicators (and targets) of a policy."""
    from aggregation.builtin_indicators import define_builtin_indicators
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        count = define_builtin_indicators(conn, policy)
    if count == 0:
        raise NotFound(f"no policy {policy!r} (or it has no mission)")
    typer.echo(f"{count} indicators defined for {policy}")


@indicators_app.command("compute")
def compute(
    period: Annotated[str, typer.Option(help="day, month or year.")] = "month",
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, exclusive.")] = None,
    territory: Territory = None,
) -> None:
    """Compute every computed indicator for the periods in [from, to)."""
    from aggregation import indicators, store
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    last = _day(end) if end else _day(None) + timedelta(days=1)
    first = _day(start) if start else last - timedelta(days=1)
    with connect(settings.database_url, autocommit=True) as conn:
        for place in store.territories(conn, territory):
            result = indicators.compute_indicators(conn, place, period, first, last)
            typer.echo(
                f"{place.code}: {result.indicators} indicators, {result.values} values "
                f"in {result.seconds:.1f} s"
                + (f"; unknown computation: {', '.join(result.unknown)}" if result.unknown else "")
            )


def meteo(territory: Territory = None, on: On = None) -> None:
    """Compute the météo of every action and mission and record what changed."""
    from aggregation import store, store_meteo, weather_reports
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        for place in store.territories(conn, territory):
            counts = weather_reports.report_weather(conn, place, _day(on))
            typer.echo(f"{place.code}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            for row in store_meteo.report(conn, place.id):
                typer.echo(f"  {row['subject_kind']:<8} {row['code']:<10} {row['status']:<8}")
                typer.echo(f"      {row['explanation']}")


@temperatures_app.command("import")
def import_temperatures(
    path: Annotated[Path, typer.Argument(help="CSV with day,tmin_c,tmax_c.", exists=True)],
    territory: Annotated[str, typer.Option(help="Territory code.")],
    source: Annotated[str, typer.Option(help="Where the figures come from.")] = "csv",
) -> None:
    """Import daily outdoor temperatures (for the degree-day baselines)."""
    from aggregation import store, store_effects
    from aggregation.temperatures import read_temperatures
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    found = read_temperatures(path)
    with connect(settings.database_url, autocommit=True) as conn:
        places = store.territories(conn, territory)
        if not places:
            raise NotFound(f"no territory {territory!r}")
        count = store_effects.save_temperatures(conn, places[0].id, found, source)
    typer.echo(f"{count} days of temperatures recorded for {territory}")


Action = Annotated[str, typer.Argument(help="The action's code.")]
By = Annotated[str, typer.Option("--by", help="E-mail of the person who does it.")]
KINDS = "points_added, points_removed, switch_off_policy, floor_area, occupancy or other"


@adjustments_app.command("add")
def add_adjustment(  # noqa: PLR0913, PLR0917 - typer: one option per field of the adjustment
    action: Action,
    kind: Annotated[str, typer.Option(help=f"What changed: {KINDS}.")],
    starts_on: Annotated[str, typer.Option(help="First day it applies (YYYY-MM-DD).")],
    kwh_per_year: Annotated[
        str, typer.Option(help="kWh a year added to the baseline (negative: taken out).")
    ],
    reason: Annotated[str, typer.Option(help="Why, and where the figure comes from.")],
    by: By,
    ends_on: Annotated[
        str | None, typer.Option(help="First day it no longer applies (YYYY-MM-DD).")
    ] = None,
    asset: Annotated[
        str | None, typer.Option(help="The asset it concerns, kind:code (e.g. cabinet:C-0042).")
    ] = None,
) -> None:
    """Record a non-routine adjustment of an action's baseline."""
    from aggregation import adjustment_records

    fields = {"kind": kind, "starts_on": starts_on, "ends_on": ends_on,
              "kwh_per_year": kwh_per_year, "reason": reason}  # fmt: skip
    adjustment = adjustment_records.parse_adjustment(fields, asset)
    typer.echo(adjustment_records.record(action, adjustment, by))


@adjustments_app.command("list")
def list_adjustments(action: Action) -> None:
    """The adjustments recorded for an action, withdrawn ones marked."""
    from aggregation import adjustment_records

    for line in adjustment_records.listing(action):
        typer.echo(line)


@adjustments_app.command("withdraw")
def withdraw_adjustment(
    action: Action,
    adjustment_id: Annotated[int, typer.Argument(help="The adjustment's id.", min=1)],
    by: By,
    reason: Annotated[str | None, typer.Option(help="Why it is withdrawn.")] = None,
) -> None:
    """Withdraw an adjustment: it is kept, marked, and no longer applied."""
    from aggregation import adjustment_records

    typer.echo(adjustment_records.withdraw(action, adjustment_id, by, reason))


def _effect_line(e: dict[str, Any]) -> str:
    """One effect on one line an evaluator can read, whatever the width of the screen.

    ``* A1 lighting_cabinet_metered (option B, cabinet_meters): 61.2 % [58.1; 64.3]; 26,389 kWh
    [24,010; 28,770]; normal year 27,012 kWh [...]; coverage 98 %; 2025-01-21..2026-01-15;
    reliable`` -- the star marks the action's headline figure.
    """
    option = f"option {e['ipmvp_option']}" if e["ipmvp_option"] else None
    where = ", ".join(x for x in (option, e["boundary"]) if x)
    head = f"{'*' if e['headline'] else ' '} {e['code']} {e['method']}"
    head += f" ({where})" if where else ""
    if e["saved_kwh"] is None:
        return f"  {head}: no figure: {', '.join(e['warnings']) or 'no data'}"
    parts = []
    if e["saved_pct"] is not None:
        parts.append(f"{e['saved_pct']:.1f} % {_interval(e, 'saved_pct', '.1f')}")
    parts.append(f"{e['saved_kwh']:,.0f} kWh {_interval(e, 'saved_kwh', ',.0f')}")
    if e["annual_saved_kwh"] is not None:
        annual = f"{e['annual_saved_kwh']:,.0f} kWh {_interval(e, 'annual_saved_kwh', ',.0f')}"
        parts.append(f"normal year {annual}")
    parts.append(f"coverage {100 * e['coverage']:.0f} %")
    parts.append(f"{e['reporting_start']}..{e['reporting_end']}")
    if e["adjustments_kwh"]:
        kinds = ", ".join(e["adjustment_kinds"])
        parts.append(f"adjustments {e['adjustments_kwh']:+,.0f} kWh ({kinds})")
    flags = "reliable" if e["reliable"] else "insufficient" if not e["sufficient"] else "unreliable"
    parts.append(flags + (", deemed" if e["deemed"] else ""))
    if e["warnings"]:
        parts.append(f"warnings: {', '.join(e['warnings'])}")
    return f"  {head}: " + "; ".join(parts)


def _interval(e: dict[str, Any], name: str, spec: str) -> str:
    low, high = e[f"{name}_low"], e[f"{name}_high"]
    if low is None or high is None:
        return "[no interval]"
    return f"[{low:{spec}}; {high:{spec}}]"


def register(app: typer.Typer) -> None:
    """Add the aggregation's sub-commands to ``vigie``."""
    app.command("aggregate")(aggregate)
    app.command("effects")(compute_effects)
    app.command("meteo")(meteo)
    app.add_typer(indicators_app, name="indicators")
    app.add_typer(temperatures_app, name="temperatures")
    app.add_typer(adjustments_app, name="adjustments")
