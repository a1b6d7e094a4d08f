"""``vigie storage``: the readings tables' partitions on plain PostgreSQL (docs/storage.md)."""

from __future__ import annotations

import typer

storage_app = typer.Typer(
    help="Where readings are kept: time partitions and their retention.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add ``vigie storage ...`` to the command line."""
    app.add_typer(storage_app, name="storage")


@storage_app.command("maintain")
def maintain() -> None:
    """Create the partitions ahead and drop those past the retention (the worker does it hourly)."""
    from core.database import connect
    from core.runtime import start_program
    from core.storage import partitions

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        done = partitions.maintain(conn)
    if not done:
        typer.echo("readings are TimescaleDB hypertables: its own policies compress and drop them")
    for table in done:
        typer.echo(f"{table.table}: {table.created} partition(s) created, {table.dropped} dropped")


@storage_app.command("show")
def show() -> None:
    """Each readings table's policy, then its partitions with their periods and sizes."""
    from core.database import connect
    from core.runtime import start_program
    from core.storage import partitions

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        policies = partitions.policies(conn)
        found = partitions.partitions(conn)
    for policy in policies:
        kept = f"kept {policy.retention.days} days" if policy.retention else "kept for good"
        layout = f"one partition per {policy.period}" if policy.partitioned else "hypertable"
        typer.echo(f"{policy.table}: {layout}, {kept}")
    for part in found:
        typer.echo(
            f"  {part.name:<28} {part.starts:%Y-%m-%d} .. {part.ends:%Y-%m-%d}"
            f" {part.bytes / 1_048_576:>10.1f} MiB  ~{max(part.rows_estimate, 0):,} rows"
        )
