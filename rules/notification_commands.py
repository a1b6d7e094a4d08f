"""``vigie notifications ...``: the outbox of alert notifications, its failures and retries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from core.errors import NotFound

notifications_app = typer.Typer(
    help="Alert notifications: list them (failed ones first to look at), retry failed ones.",
    no_args_is_help=True,
)
STATUSES = ("pending", "sent", "failed", "all")


@notifications_app.command("list")
def list_notifications(
    status: Annotated[str, typer.Option(help=f"One of {', '.join(STATUSES)}.")] = "all",
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 50,
) -> None:
    """Notifications newest first: id, status, channel, attempts, recipient, last error."""
    from core.database import connect
    from core.runtime import start_program
    from rules.store_notifications import list_notifications as read

    if status not in STATUSES:
        raise typer.BadParameter(
            f"{status!r} is not one of {', '.join(STATUSES)}", param_hint="--status"
        )
    settings = start_program()
    with connect(settings.database_url) as conn:
        found = read(conn, None if status == "all" else status, limit)
    if not found:
        typer.echo(f"no {status} notification")
        return
    typer.echo(
        f"{'id':>7} {'status':<8} {'channel':<8} {'kind':<10} {'tries':>5} {'created, UTC':<16}"
        f" {'recipient':<32} subject / last error"
    )
    for n in found:
        typer.echo(
            f"{n.id:>7} {n.status:<8} {n.channel:<8} {n.kind:<10} {n.attempts:>5}"
            f" {n.created_at.astimezone(UTC):%Y-%m-%d %H:%M} {n.recipient[:32]:<32} {n.subject}"
        )
        if n.last_error and n.status != "sent":
            typer.echo(f"{'':>7} last error: {n.last_error}")


@notifications_app.command("retry")
def retry(
    notification_id: Annotated[
        int | None, typer.Argument(help="A failed notification's id; every failed one if none.")
    ] = None,
) -> None:
    """Give failed notifications a new round of attempts (the worker sends them)."""
    from core.database import connect
    from core.runtime import start_program
    from rules.store_notifications import retry_notifications

    settings = start_program()
    with connect(settings.database_url, autocommit=True) as conn:
        ids = retry_notifications(conn, notification_id, datetime.now(UTC))
    if notification_id is not None and not ids:
        raise NotFound(f"no failed notification {notification_id}")
    typer.echo(f"{len(ids)} notification(s) due again")
