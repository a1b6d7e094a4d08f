"""``vigie decree declared``: record a building's OPERAT declaration (décret tertiaire)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer

decree_app = typer.Typer(
    help="Décret tertiaire: record the yearly OPERAT declarations.", no_args_is_help=True
)


@decree_app.command("declared")
def declared(
    building: Annotated[str, typer.Argument(help="The building's code.")],
    year: Annotated[int, typer.Option(min=2010, max=2100, help="The consumption year declared.")],
    on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="When it was declared (today).")
    ] = None,
) -> None:
    """Record that a building's consumption of ``year`` was declared on OPERAT."""
    from core.database import connect
    from core.errors import NotFound
    from core.runtime import start_program
    from registry.store import record_declaration

    settings = start_program()
    day: date = on.date() if on else datetime.now(UTC).date()
    with connect(settings.database_url, autocommit=True) as conn:
        found = record_declaration(
            conn,
            {
                "territory": settings.territory,
                "building": building,
                "year": year,
                "declared_on": day,
            },
        )
    if not found:
        raise NotFound(f"no building {building} in {settings.territory}")
    typer.echo(f"{building}: consumption of {year} declared on {day}")
