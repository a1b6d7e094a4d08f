"""Sub-commands of Grafana: ``vigie grafana sync``, ``smoke`` and ``role``.

Grafana's address and token come from ``--url`` / ``--token``, else from the settings
``VIGIE_GRAFANA_URL`` / ``VIGIE_GRAFANA_TOKEN`` (environment or ``.env``; a service account
token with the Editor role).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Annotated

import typer

from core.errors import ConfigurationError

if TYPE_CHECKING:
    from grafana_client.api import GrafanaApi

grafana_app = typer.Typer(
    help="Dashboards as code: push them to Grafana; smoke-test a deployment.",
    no_args_is_help=True,
)

Url = Annotated[
    str | None,
    typer.Option(
        "--url", help="Grafana's base URL (default: VIGIE_GRAFANA_URL).", show_default=False
    ),
]
Token = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="Service account token, Editor role (default: VIGIE_GRAFANA_TOKEN).",
        show_default=False,
    ),
]


@grafana_app.command("sync")
def sync_command(url: Url = None, token: Token = None) -> None:
    """Create or update Vigie's folders and dashboards in Grafana; a second run changes nothing."""
    from grafana.dashboards import load_dashboards, load_folders
    from grafana.sync import sync

    api = _client(url, token)
    report = sync(api, load_folders(), load_dashboards(), message=f"vigie {_version()}")
    for uid in report.dashboards_created:
        typer.echo(f"created {uid}")
    for uid in report.dashboards_updated:
        typer.echo(f"updated {uid}")
    typer.echo(report.summary())


@grafana_app.command("smoke")
def smoke_command(
    url: Url = None,
    token: Token = None,
    hours: Annotated[float, typer.Option(help="Time range: the last this many hours.")] = 6.0,
) -> None:
    """Check Grafana, its datasource and every panel query of a real deployment."""
    from grafana.dashboards import load_dashboards
    from grafana.smoke import smoke

    api = _client(url, token)
    report = smoke(api, load_dashboards(), hours=hours)
    typer.echo(f"Grafana {report.version}; datasource: {report.datasource or 'unhealthy'}")
    for where, error in report.failures:
        typer.echo(f"FAILED {where}: {error}", err=True)
    typer.echo(f"{report.queries} queries run, {len(report.failures)} failed")
    if not report.ok:
        raise typer.Exit(1)


@grafana_app.command("role")
def role_command(
    territory: Annotated[str, typer.Option(help="Territory code the role may read.")],
    login: Annotated[
        str | None,
        typer.Option(help="An existing login role to make a member of it.", show_default=False),
    ] = None,
) -> None:
    """Create the read-only role of one territory: its members read that territory only."""
    from core.database import connect
    from core.runtime import start_program
    from grafana.store import ensure_territory_role

    settings = start_program()
    with connect(settings.database_url) as conn:
        role = ensure_territory_role(conn, territory, login)
    state = "created" if role.created else "already present"
    typer.echo(f"{role.name} {state}: its members read territory {role.territory} only")
    if role.granted_to:
        typer.echo(f"{role.granted_to} is a member of {role.name}")


def register(app: typer.Typer) -> None:
    """Add ``vigie grafana ...`` to the command line."""
    app.add_typer(grafana_app, name="grafana")


def _client(url: str | None, token: str | None) -> GrafanaApi:
    """A client of the Grafana the options name, else the settings."""
    from core.runtime import start_program
    from grafana.client import connect

    settings = start_program()
    secret = settings.grafana_token.get_secret_value() if settings.grafana_token else None
    token = token or secret
    if not token:
        raise ConfigurationError("VIGIE_GRAFANA_TOKEN (or --token) is required")
    return connect(url or settings.grafana_url, token)


def _version() -> str:
    try:
        return version("vigie")
    except PackageNotFoundError:
        return "dev"
