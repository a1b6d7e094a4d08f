"""Sub-commands of the registry: ``vigie seed``, ``vigie import`` and ``vigie export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.errors import InvalidInput
from registry import policy_commands, territory_commands
from registry.decree_commands import decree_app

seed_app = typer.Typer(help="Load a reference territory.", no_args_is_help=True)
import_app = typer.Typer(
    help="Import a territory and its assets, a policy, or the history of readings.",
    no_args_is_help=True,
)
export_app = typer.Typer(
    help="Write what is registered as the files an import reads.", no_args_is_help=True
)


@seed_app.command("angers")
def seed_angers_command(
    seed: Annotated[
        int | None,
        typer.Option(
            help="Random seed of the synthetic inventory (default: the reference one).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Angers Loire Métropole: ~50,000 light points, 300 buildings, the policy and its missions."""
    from core.database import connect
    from core.runtime import start_program
    from registry.seed import DEFAULT_SEED, seed_angers

    settings = start_program()
    with connect(settings.database_url) as conn:
        result = seed_angers(conn, DEFAULT_SEED if seed is None else seed)
    state = "seeded" if result.created else "already present, nothing changed"
    typer.echo(
        f"angers {state}: {result.light_points} light points ({result.sodium_points} sodium), "
        f"{result.buildings} buildings, {result.actions} actions in {result.seconds} s"
    )


@import_app.command("lightpoints")
def import_light_points_command(
    path: Annotated[
        Path, typer.Argument(help="A .csv or .geojson file (docs/inventory-import.md).")
    ],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows, report the others.")
    ] = False,
) -> None:
    """Create or update light points; every bad row is reported with its line and reason."""
    from core.database import connect
    from core.runtime import start_program
    from registry.files import read_light_points
    from registry.importer import import_light_points

    settings = start_program()
    parsed = read_light_points(path)
    try:
        with connect(settings.database_url) as conn:
            result = import_light_points(conn, parsed, skip_invalid=skip_invalid)
    except InvalidInput as exc:
        for problem in exc.problems:
            typer.echo(f"{path}: {problem}", err=True)
        raise
    for problem in result.skipped:
        typer.echo(f"{path}: {problem} (skipped)", err=True)
    typer.echo(
        f"{result.created} created, {result.moved} moved, {result.re_equipped} re-equipped, "
        f"{result.unchanged} unchanged, {len(result.skipped)} skipped"
    )


def register(app: typer.Typer) -> None:
    """Add the registry's sub-commands to ``app``."""
    policy_commands.register(import_app, export_app)
    territory_commands.register(import_app, export_app)
    app.add_typer(seed_app, name="seed")
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    app.add_typer(decree_app, name="decree")
