"""``vigie plan sodium``: the sodium transition plan; ``vigie plan sodium-action``: act on it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

plan_app = typer.Typer(
    help="Transition plans: the sodium points left, in ranked and priced work packages.",
    no_args_is_help=True,
)
Capacity = Annotated[
    int | None, typer.Option(min=1, help="Points a month (default: the plan setting).")
]
Stock = Annotated[
    int | None, typer.Option(min=0, help="Spare sodium lamps in stock (default: recorded).")
]


@plan_app.command("sodium")
def sodium(
    capacity: Capacity = None,
    stock: Stock = None,
    output: Annotated[
        Literal["text", "json", "csv"], typer.Option("--format", help="text, json or csv.")
    ] = "text",
    points: Annotated[bool, typer.Option(help="List each package's points (text).")] = False,
    to: Annotated[Path | None, typer.Option(help="Write to this file, not the terminal.")] = None,
) -> None:
    """Every sodium point in one ranked work package: options, schedule, spare lamps."""
    from api.plan_text import plan_csv, plan_json, plan_text
    from api.plans import build_plan, knobs_of
    from api.store_plans import latest_stock, sodium_points
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    now = datetime.now(UTC)
    with connect(settings.database_url) as conn:
        found = sodium_points(conn, settings.territory, now)
        if stock is None:
            stock = latest_stock(conn, settings.territory, now)
    plan = build_plan(settings.territory, found, knobs_of(settings, capacity, stock), now.date())
    render = {"text": lambda p: plan_text(p, points=points), "json": plan_json, "csv": plan_csv}
    text = render[output](plan)
    if to is None:
        typer.echo(text, nl=False)
    else:
        to.write_text(text, encoding="utf-8")
        typer.echo(f"{plan.totals.points} sodium points in {plan.totals.packages} packages: {to}")


@plan_app.command("stock")
def stock_count(
    hps_lamps: Annotated[int, typer.Option(min=0, help="Spare sodium lamps counted.")],
    note: Annotated[str | None, typer.Option(help="Where, by whom, for the record.")] = None,
) -> None:
    """Record a count of the spare sodium lamps in stock (the plan and rule L-16 use it)."""
    from api.store_plans import record_stock
    from core.database import connect
    from core.errors import NotFound
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        if not record_stock(conn, settings.territory, hps_lamps, datetime.now(UTC), note):
            raise NotFound(f"territory {settings.territory!r} is not in the database")
    typer.echo(f"{hps_lamps} spare sodium lamps recorded in {settings.territory}")


@plan_app.command("sodium-action")
def sodium_action(  # noqa: PLR0913, PLR0917 - one option per field of the action
    code: Annotated[str, typer.Option(help="The new action's code.")],
    mission: Annotated[str, typer.Option(help="The mission's code it belongs to.")],
    package: Annotated[
        str | None, typer.Option(help="A package's code (`vigie plan sodium`); none: all.")
    ] = None,
    option: Annotated[
        Literal["relamp", "lantern"], typer.Option(help="LED relamping or lantern replacement.")
    ] = "lantern",
    pilot: Annotated[str | None, typer.Option(help="The pilot's e-mail.")] = None,
    capacity: Capacity = None,
) -> None:
    """Make a package of the sodium plan, or the whole plan, an action scoped to its points."""
    from pydantic import ValidationError

    from api import store
    from api.plan_actions import make_action
    from api.plans import build_plan, knobs_of
    from api.schemas_plans import PlanActionIn
    from api.store_plans import sodium_points
    from core.database import connect
    from core.errors import NotFound
    from core.policy.store import set_author
    from core.runtime import start_program

    settings = start_program()
    try:
        wanted = PlanActionIn(
            code=code, mission=mission, package=package, option=option, pilot=pilot
        )
    except ValidationError as exc:
        fields = "; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(fields) from None
    now = datetime.now(UTC)
    with connect(settings.database_url) as conn, conn.transaction():
        found = sodium_points(conn, settings.territory, now)
        plan = build_plan(settings.territory, found, knobs_of(settings, capacity), now.date())
        place = store.territory(conn, settings.territory)
        if place is None:
            raise NotFound(f"territory {settings.territory!r} is not in the database")
        set_author(conn, None, "vigie plan sodium-action")
        make_action(conn, int(place["id"]), plan, wanted)
    typer.echo(f"action {code} created for {package or 'the whole plan'}")
