"""Sub-commands of Grafana: ``vigie grafana sync`` and ``vigie grafana smoke``.

Grafana's address and token come from ``--url`` / ``--token`` or ``VIGIE_GRAFANA_URL`` /
``VIGIE_GRAFANA_TOKEN`` (a service account token with the Editor role).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from core.errors import ConfigurationError

grafana_app = typer.Typer(
    help="Dashboards as code: push them to Grafana; smoke-test a deployment.",
    no_args_is_help=True,
)

Url = Annotated[
    str,
    typer.Option("--url", envvar="VIGIE_GRAFANA_URL", help="Grafana's base URL."),
]
Token = Annotated[
    str,
    typer.Option(
        "--token",
        envvar="VIGIE_GRAFANA_TOKEN",
        help="Service account token (Editor role).",
        show_default=False,
    ),
]
DEFAULT_URL = "http://127.0.0.1:3000"


@grafana_app.command("sync")
def sync_command(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Create or update Vigie's folders and dashboards in Grafana; a second run changes nothing."""
    from core.runtime import start_program
    from grafana.dashboards import load_dashboards, load_folders
    from grafana.sync import connect, sync

    start_program()
    api = connect(url, _required(token))
    report = sync(api, load_folders(), load_dashboards(), message=f"vigie {_version()}")
    for uid in report.dashboards_created:
        typer.echo(f"created {uid}")
    for uid in report.dashboards_updated:
        typer.echo(f"updated {uid}")
    typer.echo(report.summary())


@grafana_app.command("smoke")
def smoke_command(
    url: Url = DEFAULT_URL,
    token: Token = "",
    hours: Annotated[float, typer.Option(help="Time range: the last this many hours.")] = 6.0,
) -> None:
    """Check Grafana, its datasource and every panel query of a real deployment."""
    from core.runtime import start_program
    from grafana.dashboards import load_dashboards
    from grafana.smoke import smoke
    from grafana.sync import connect

    start_program()
    api = connect(url, _required(token))
    report = smoke(api, load_dashboards(), hours=hours)
    typer.echo(f"Grafana {report.version}; datasource: {report.datasource or 'unhealthy'}")
    for where, error in report.failures:
        typer.echo(f"FAILED {where}: {error}", err=True)
    typer.echo(f"{report.queries} queries run, {len(report.failures)} failed")
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``vigie grafana ...`` to the command line."""
    app.add_typer(grafana_app, name="grafana")


def _required(token: str) -> str:
    if not token:
        raise ConfigurationError("VIGIE_GRAFANA_TOKEN (or --token) is required")
    return token


def _version() -> str:
    try:
        return version("vigie")
    except PackageNotFoundError:
        return "dev"
