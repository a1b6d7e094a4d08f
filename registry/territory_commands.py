"""``vigie import territories|districts|...|equipment FILE`` and ``vigie export registry DIR``.

The files are documented in docs/bring-your-own-territory.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from core.errors import InvalidInput

FileArgument = Annotated[
    Path, typer.Argument(help="A .csv or .geojson file (docs/bring-your-own-territory.md).")
]
SkipInvalid = Annotated[
    bool, typer.Option("--skip-invalid", help="Import the valid rows, report the others.")
]
HELP = {
    "territories": "Create or update territories: name, time zone, position.",
    "districts": "Create or update districts (and their communes), with their GeoJSON outline.",
    "cabinets": "Create or update control cabinets.",
    "buildings": "Create or update buildings, with their décret tertiaire reference.",
    "meters": "Create or update the meters of buildings and the supply meters of cabinets.",
}


def _import_command(kind: str) -> Callable[[Path, bool], None]:
    def command(path: FileArgument, skip_invalid: SkipInvalid = False) -> None:
        from core.database import connect
        from core.runtime import start_program
        from registry.territory_files import read_rows
        from registry.territory_import import import_territory_file

        settings = start_program()
        rows = read_rows(kind, path)
        try:
            with connect(settings.database_url, application="vigie-import") as conn:
                result = import_territory_file(conn, rows, skip_invalid=skip_invalid)
        except InvalidInput as exc:
            for problem in exc.problems:
                typer.echo(f"{path}: {problem}", err=True)
            raise
        for problem in result.skipped:
            typer.echo(f"{path}: {problem} (skipped)", err=True)
        counts = result.counts
        typer.echo(
            f"{kind}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {len(result.skipped)} skipped"
        )

    command.__doc__ = HELP[kind] + " Every bad row is reported with its line and reason."
    return command


def import_equipment_command(path: FileArgument, skip_invalid: SkipInvalid = False) -> None:
    """Apply a history of light points' equipment, each row from its date, in date order."""
    from core.database import connect
    from core.runtime import start_program
    from registry.equipment_history import import_equipment
    from registry.territory_files import read_rows

    settings = start_program()
    rows = read_rows("equipment", path)
    try:
        with connect(settings.database_url, application="vigie-import") as conn:
            result = import_equipment(conn, rows, skip_invalid=skip_invalid)
    except InvalidInput as exc:
        for problem in exc.problems:
            typer.echo(f"{path}: {problem}", err=True)
        raise
    for problem in result.skipped:
        typer.echo(f"{path}: {problem} (skipped)", err=True)
    for warning in result.warnings:
        typer.echo(f"{path}: {warning} (warning)", err=True)
    typer.echo(
        f"equipment: {result.points_changed} light point(s) changed, "
        f"{result.points_unchanged} unchanged, {len(result.skipped)} row(s) skipped, "
        f"{len(result.warnings)} warning(s)"
    )


def export_registry_command(
    folder: Annotated[Path, typer.Argument(help="The folder to write the registry files into.")],
    territory: Annotated[
        str | None, typer.Option(help="The territory's code (default: VIGIE_TERRITORY).")
    ] = None,
) -> None:
    """Write a territory's registry as the files the territory imports read."""
    from core.database import connect
    from core.runtime import start_program
    from registry.registry_export import export_registry

    settings = start_program()
    with connect(settings.database_url, application="vigie-export") as conn:
        counts = export_registry(conn, territory or settings.territory, folder)
    for name, rows in counts.items():
        typer.echo(f"{folder / name}: {rows} row(s)")


def register(import_app: typer.Typer, export_app: typer.Typer) -> None:
    """Add the territory files to ``vigie import`` and ``vigie export``."""
    for kind in HELP:
        import_app.command(kind)(_import_command(kind))
    import_app.command("equipment")(import_equipment_command)
    export_app.command("registry")(export_registry_command)
