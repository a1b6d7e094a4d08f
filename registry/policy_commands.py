"""``vigie import policy DIR`` and ``vigie export policy DIR``: the policy as a folder of files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.errors import InvalidInput


def import_policy_command(
    folder: Annotated[
        Path, typer.Argument(help="A folder of policy files (docs/policy-files.md).")
    ],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Apply the valid rows, report the others.")
    ] = False,
    author: Annotated[
        str | None, typer.Option(help="E-mail of the person the history names as author.")
    ] = None,
) -> None:
    """Check a policy folder whole and apply it; every problem is reported with file and line."""
    from core.database import connect
    from core.runtime import start_program
    from registry.policy_files import read_policy_folder
    from registry.policy_import import import_policy

    settings = start_program()
    parsed = read_policy_folder(folder)
    try:
        with connect(settings.database_url, application="vigie-import") as conn:
            result = import_policy(conn, parsed, skip_invalid=skip_invalid, author=author)
    except InvalidInput as exc:
        for problem in exc.problems:
            typer.echo(f"{folder}/{problem}", err=True)
        raise
    for problem in result.problems:
        typer.echo(f"{folder}/{problem} (skipped)", err=True)
    for name, counts in result.counts.items():
        done = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()) if n)
        typer.echo(f"{name}: {done or 'nothing'}")
    for note in result.kept:
        typer.echo(note)
    typer.echo(f"policy of {result.territory} imported, {len(result.problems)} row(s) skipped")


def export_policy_command(
    folder: Annotated[Path, typer.Argument(help="The folder to write the policy files into.")],
    territory: Annotated[
        str | None, typer.Option(help="The territory's code (default: VIGIE_TERRITORY).")
    ] = None,
) -> None:
    """Write a territory's policy as the files ``vigie import policy`` reads."""
    from core.database import connect
    from core.runtime import start_program
    from registry.policy_export import export_policy

    settings = start_program()
    with connect(settings.database_url, application="vigie-export") as conn:
        counts = export_policy(conn, territory or settings.territory, folder)
    for name, rows in counts.items():
        typer.echo(f"{folder / name}: {rows} row(s)")


def register(import_app: typer.Typer, export_app: typer.Typer) -> None:
    """Add ``policy`` to ``vigie import`` and ``vigie export``."""
    import_app.command("policy")(import_policy_command)
    export_app.command("policy")(export_policy_command)
