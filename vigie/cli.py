"""``vigie``: the one command line. Each service contributes its sub-commands from ``commands.py``.

This module is the composition root: the only place that knows every service. It imports
only the ``commands`` modules, which import their service when a command runs: ``--help``
and usage errors answer without loading any service, driver or web framework.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from datetime import timedelta
from typing import Annotated

import typer

from aggregation import commands as aggregation_commands
from api import commands as api_commands
from collector import commands as collector_commands
from core.errors import VigieError
from grafana import commands as grafana_commands
from registry import commands as registry_commands
from registry import generated_commands
from rules import commands as rules_commands
from simulator import commands as simulator_commands
from vigie import storage_commands

log = logging.getLogger("vigie")

app = typer.Typer(
    name="vigie",
    help="Event-driven indicator collection for smart-territory policies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
registry_commands.register(app)
generated_commands.register(registry_commands.seed_app)
api_commands.register(app)
rules_commands.register(app)
collector_commands.register(app)
collector_commands.register_imports(registry_commands.import_app)
simulator_commands.register(app)
aggregation_commands.register(app)
grafana_commands.register(app)
storage_commands.register(app)


@app.callback()
def vigie() -> None:
    """Event-driven indicator collection for smart-territory policies."""


@app.command()
def demo(
    history_hours: Annotated[
        float,
        typer.Option(help="Hours of every device's history to backfill before going live."),
    ] = 6.0,
    years: Annotated[
        bool,
        typer.Option(
            help="First publish daily cabinet-meter readings over each renovation's baseline "
            "year and the last year, so that effects have a baseline."
        ),
    ] = True,
    sample: Annotated[
        int,
        typer.Option(min=1, help="Meters of each action whose years of history are published."),
    ] = 24,
    backfill_every: Annotated[
        int,
        typer.Option(
            min=1,
            max=10_800,
            help="Seconds between two readings of a device during the backfill, but for its "
            "last hour, which follows each device's period. At most 3 h, the meter-gap rule's "
            "threshold.",
        ),
    ] = 3600,
    api_port: Annotated[
        int | None, typer.Option(help="Port of the API (default: VIGIE_API_PORT, 8000).")
    ] = None,
    metrics_port: Annotated[int, typer.Option(help="Port of the collector's /metrics.")] = 9464,
) -> None:
    """The whole pipeline on the Angers territory: backfill, results, then live until Ctrl-C."""
    from core.runtime import start_program
    from vigie.demo import DemoOptions, run_demo

    settings = start_program()
    # The screen shows progress and results; the programs' own logs go to their files.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    options = DemoOptions(
        history=timedelta(hours=history_hours),
        backfill_every_s=backfill_every,
        years=years,
        sample=sample,
        api_port=api_port or settings.api_port,
        metrics_port=metrics_port,
    )
    run_demo(settings, options, stop)


@app.command()
def migrate() -> None:
    """Create the database if needed and apply every pending migration."""
    from core.database import connect, ensure_database, timescaledb_available
    from core.migrations import migrate as apply_migrations
    from core.runtime import start_program
    from core.storage.partitions import maintain as maintain_partitions

    settings = start_program()
    created = ensure_database(settings.database_url)
    applied = apply_migrations(settings.database_url)
    with connect(settings.database_url, autocommit=True) as conn:
        timescale = timescaledb_available(conn)
        storage = "TimescaleDB hypertables" if timescale else "tables partitioned by time"
        # The periods ahead exist before the first reading (the worker keeps them coming).
        maintain_partitions(conn)
    typer.echo(
        ("database created; " if created else "")
        + (f"{len(applied)} migration(s) applied" if applied else "schema up to date")
        + f"; readings stored in {storage}"
    )


def main() -> None:
    """Run the command line; Vigie's own errors end with a message and exit code 1, no trace."""
    try:
        app()
    except VigieError as exc:
        log.debug("command failed", exc_info=exc)
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except Exception:
        log.exception("unexpected error")
        typer.echo("error: unexpected internal error; the log above has the details", err=True)
        sys.exit(70)
