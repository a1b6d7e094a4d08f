"""``vigie seed generated``: a territory drawn from parameters, next to the reference one."""

from __future__ import annotations

from typing import Annotated

import typer


def seed_generated_command(  # noqa: PLR0913, PLR0917 - typer: one parameter per option
    code: Annotated[
        str, typer.Option(help="Territory code, as topics and VIGIE_TERRITORY name it.")
    ],
    points: Annotated[int, typer.Option(min=1, max=2_000_000, help="Light points.")] = 5_000,
    districts: Annotated[int, typer.Option(min=1, max=999, help="Districts.")] = 8,
    sodium_share: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of the points still sodium (HPS).")
    ] = 0.3,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same fleet.")] = 1,
    name: Annotated[str | None, typer.Option(help="Display name (default: the code).")] = None,
    timezone: Annotated[str, typer.Option(help="IANA time zone of the territory.")] = (
        "Europe/Paris"
    ),
    latitude: Annotated[float, typer.Option(min=-90, max=90, help="Centre, degrees.")] = 47.47,
    longitude: Annotated[float, typer.Option(min=-180, max=180, help="Centre, degrees.")] = -0.55,
) -> None:
    """A territory of one commune from parameters, to run several territories in one database."""
    from core.database import connect
    from core.runtime import start_program
    from registry.generated import TerritoryPlan, seed_generated

    plan = TerritoryPlan(
        code=code,
        name=name or code.title(),
        points=points,
        districts=districts,
        sodium_share=sodium_share,
        seed=seed,
        timezone=timezone,
        latitude=latitude,
        longitude=longitude,
    )
    settings = start_program()
    with connect(settings.database_url) as conn:
        result = seed_generated(conn, plan)
    state = "seeded" if result.created else "already present, nothing changed"
    typer.echo(
        f"{code} {state}: {result.light_points} light points ({result.sodium_points} sodium) "
        f"in {districts} districts, in {result.seconds} s"
    )


def register(seed_app: typer.Typer) -> None:
    """Add ``generated`` to ``vigie seed``."""
    seed_app.command("generated")(seed_generated_command)
