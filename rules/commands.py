"""Sub-commands of the rules: ``vigie work``, ``vigie rules ...`` and ``vigie alerts ...``."""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from typing import Annotated

import typer

from core.errors import NotFound
from rules.notification_commands import notifications_app

rules_app = typer.Typer(help="The rules catalogue.", no_args_is_help=True)
alerts_app = typer.Typer(
    help="List alerts; acknowledge, resolve or close one.", no_args_is_help=True
)
STATES = {
    "live": ("open", "acknowledged"),
    "open": ("open",),
    "acknowledged": ("acknowledged",),
    "resolved": ("resolved",),
    "closed": ("closed",),
    "all": ("open", "acknowledged", "resolved", "closed"),
}

By = Annotated[str, typer.Option("--by", help="E-mail of the person acting.")]
Comment = Annotated[str | None, typer.Option(help="Why, for the alert's history.")]


def work(
    poll_seconds: Annotated[
        float, typer.Option(help="Wake at least this often when no NOTIFY arrives.")
    ] = 5.0,
    health_port: Annotated[int, typer.Option(help="Port of /health; 0 to serve none.")] = 9465,
    health_host: Annotated[str, typer.Option(help="Address /health listens on.")] = "127.0.0.1",
) -> None:
    """Run the rules worker: reading rules on NOTIFY, scheduled rules, notifications."""
    from core.runtime import start_program
    from rules.worker import Worker

    health = (health_host, health_port) if health_port else None
    worker = Worker(start_program(), poll_s=poll_seconds, health=health)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop())
    worker.run()


@rules_app.command("list")
def list_rules() -> None:
    """Every rule: id, catalogue reference, severity, subject and when it runs."""
    from rules.catalogue import RULES

    for rule in RULES.values():
        when = f"on {rule.reads} readings" if rule.reads else f"every {rule.every}"
        typer.echo(
            f"{rule.id:<26} {rule.reference:<5} {rule.severity:<13} {rule.subject:<12} {when}"
        )


@rules_app.command("run")
def run_once(
    rule_id: Annotated[str, typer.Argument(help="A rule id from `vigie rules list`.")],
) -> None:
    """Run one scheduled rule now over every territory."""
    from core.database import connect
    from core.runtime import start_program
    from rules import store
    from rules.catalogue import RULES
    from rules.engine import run_rule

    settings = start_program()
    rule = RULES.get(rule_id)
    if rule is None or rule.every is None:
        raise NotFound(f"no scheduled rule {rule_id!r}")
    with connect(settings.database_url, autocommit=True) as conn:
        for territory in store.territories(conn):
            result = run_rule(conn, rule, territory, now=datetime.now(UTC))
            typer.echo(
                f"{territory.code}: {result.subjects} subjects, {len(result.opened)} opened, "
                f"{len(result.resolved)} resolved in {result.duration_ms} ms"
            )


def _act(change: str, alert_id: int, by: str, comment: str | None) -> None:
    from core.database import connect
    from core.runtime import start_program
    from rules import lifecycle, store_worker

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        person = store_worker.person_by_email(conn, by)
        if person is None:
            raise NotFound(f"nobody with the e-mail {by}")
        getattr(lifecycle, change)(conn, alert_id, person, comment)
    typer.echo(f"alert {alert_id}: {change} done")


@alerts_app.command("list")
def list_alerts(
    state: Annotated[
        str, typer.Option(help=f"One of {', '.join(STATES)}; live = open or acknowledged.")
    ] = "live",
    severity: Annotated[
        str | None, typer.Option(help="informational, low, medium, high or critical.")
    ] = None,
    action: Annotated[str | None, typer.Option(help="Only alerts of this action (code).")] = None,
    rule: Annotated[
        str | None, typer.Option(help="Only alerts of this rule (`vigie rules list`).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 50,
) -> None:
    """The territory's alerts, newest first: id, state, severity, rule, subject, action."""
    from core.database import connect
    from core.runtime import start_program
    from rules.model import SEVERITIES
    from rules.store_alerts import AlertFilter
    from rules.store_alerts import list_alerts as read_alerts

    if state not in STATES:
        raise typer.BadParameter(
            f"{state!r} is not one of {', '.join(STATES)}", param_hint="--state"
        )
    if severity is not None and severity not in SEVERITIES:
        raise typer.BadParameter(
            f"{severity!r} is not one of {', '.join(SEVERITIES)}", param_hint="--severity"
        )
    settings = start_program()
    wanted = AlertFilter(settings.territory, STATES[state], severity, action, rule, limit)
    with connect(settings.database_url) as conn:
        found = read_alerts(conn, wanted)
    if not found:
        typer.echo(f"no {state} alert matches in {settings.territory}")
        return
    typer.echo(
        f"{'id':>7} {'state':<12} {'severity':<13} {'rule':<26} {'subject':<20} {'action':<10}"
        f" {'last seen, UTC':<16} summary"
    )
    for a in found:
        typer.echo(
            f"{a.id:>7} {a.state:<12} {a.severity:<13} {a.rule_id:<26} {a.subject_code:<20}"
            f" {a.action_code or '-':<10} {a.last_seen.astimezone(UTC):%Y-%m-%d %H:%M} {a.summary}"
        )


@alerts_app.command("ack")
def acknowledge(alert_id: int, by: By, comment: Comment = None) -> None:
    """Acknowledge an open alert."""
    _act("acknowledge", alert_id, by, comment)


@alerts_app.command("resolve")
def resolve(alert_id: int, by: By, comment: Comment = None) -> None:
    """Resolve an open or acknowledged alert by hand."""
    _act("resolve", alert_id, by, comment)


@alerts_app.command("close")
def close(alert_id: int, by: By, comment: Comment = None) -> None:
    """Close a resolved alert."""
    _act("close", alert_id, by, comment)


def register(app: typer.Typer) -> None:
    """Add the rules' sub-commands to ``app``."""
    app.command("work")(work)
    app.add_typer(rules_app, name="rules")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(notifications_app, name="notifications")
