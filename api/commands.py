"""Sub-commands of the API: ``vigie api``, ``vigie token create|revoke|list``, ``vigie web``."""

from __future__ import annotations

from typing import Annotated

import typer

from api.plan_commands import plan_app
from api.tokens import Role
from api.web.commands import web_app
from core.errors import InvalidInput, NotFound, Problem

NAMED = frozenset({Role.ADMIN, Role.PILOT, Role.EVALUATOR})  # a token of these names its person
token_app = typer.Typer(help="Bearer tokens of the HTTP API.", no_args_is_help=True)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: setting).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: setting).")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Processes (default: VIGIE_API_WORKERS).")
    ] = None,
) -> None:
    """Serve the HTTP API until Ctrl-C.

    With several workers, each is a process of its own serving the same socket (one core
    each); their metrics are summed in ``/metrics``.
    """
    import uvicorn

    from api.app import create_app
    from api.workers import shared_metrics
    from core.runtime import start_program

    settings = start_program()
    count = workers or settings.api_workers
    options = {
        "host": host or settings.api_host,
        "port": port or settings.api_port,
        "log_config": None,
        "loop": "uvloop",
        "http": "httptools",
        "server_header": False,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.api_forwarded_allow_ips,
    }
    if count == 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    with shared_metrics():
        uvicorn.run(
            "api.workers:app_of_worker",
            factory=True,
            workers=count,
            **options,  # type: ignore[arg-type]
        )


@token_app.command("create")
def create_token(
    role: Annotated[Role, typer.Option(help="What the token may do.")],
    person: Annotated[
        str | None, typer.Option(help="E-mail of the person (required for a pilot).")
    ] = None,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=3650, help="Days it lives (default: VIGIE_TOKEN_TTL_DAYS)."),
    ] = None,
    territory: Annotated[
        list[str] | None,
        typer.Option(help="A territory it may see, by code; repeat for several (default: ours)."),
    ] = None,
) -> None:
    """Make a token and print it once; only its hash is stored; it expires after ``--days``.

    A pilot's, an admin's and an evaluator's token names its person; a person who holds roles
    (``/v1/people``, ``vigie import policy``) gets a token of one of them. The token reads and
    writes only in its territories (``--territory``, else the installation's VIGIE_TERRITORY).
    """
    from datetime import UTC, datetime, timedelta

    from api import store
    from api.tokens import display_prefix, hash_token, new_token
    from core.database import connect
    from core.policy.reads import record
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        codes = store.known_territories(conn, territory or [settings.territory])
        person_id = None
        if person is not None:
            found = record(conn, "person", email=person)
            if found is None:
                raise NotFound(f"no person with e-mail {person}")
            person_id = int(found["id"])
            if found["roles"] and role.value not in found["roles"]:
                held = ", ".join(found["roles"])
                raise InvalidInput(
                    f"{person} holds the roles {held}, not {role.value}",
                    [Problem("--role", f"one of the person's roles: {held}")],
                )
        elif role in NAMED:
            raise InvalidInput(
                f"a token of role {role.value} names its person",
                [Problem("--person", f"required for a role {role.value}")],
            )
        token = new_token()
        expires_at = datetime.now(UTC) + timedelta(days=days or settings.token_ttl_days)
        token_id = store.insert_token(
            conn,
            token_sha256=hash_token(token),
            prefix=display_prefix(token),
            role=role.value,
            person_id=person_id,
            label=label,
            territories=codes,
            expires_at=expires_at,
        )
    typer.echo(
        f"token {token_id} ({role.value}, {', '.join(codes)}, expires {expires_at:%Y-%m-%d});"
        " keep it now, it is not shown again:"
    )
    typer.echo(token)


@token_app.command("revoke")
def revoke_token(token_id: Annotated[int, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from api import store
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        if not store.revoke_token(conn, token_id):
            raise NotFound(f"no live token {token_id}")
    typer.echo(f"token {token_id} revoked")


@token_app.command("list")
def list_tokens() -> None:
    """Every token: id, prefix, role, person, dates; never the token itself."""
    from datetime import UTC, datetime

    from api import store
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        found = store.tokens(conn)
    if not found:
        typer.echo("no token yet: vigie token create --role ...")
        return
    typer.echo(
        f"{'id':>4} {'prefix':<11} {'role':<9} {'person':<32} {'state':<18} last used, label"
    )
    for t in found:
        state = f"revoked {t['revoked_at']:%Y-%m-%d}" if t["revoked_at"] else "live"
        if not t["revoked_at"] and t["expires_at"] is not None:
            ended = t["expires_at"] <= datetime.now(UTC)
            state = f"{'expired' if ended else 'until'} {t['expires_at']:%Y-%m-%d}"
        used = f"{t['last_used_at']:%Y-%m-%d %H:%M}" if t["last_used_at"] else "never"
        typer.echo(
            f"{t['id']:>4} {t['prefix']}… {t['role']:<9} {t['email'] or '-':<32} "
            f"{state:<18} used {used} [{','.join(t['territories'])}] {t['label'] or ''}".rstrip()
        )


def register(app: typer.Typer) -> None:
    """Add ``vigie api`` and ``vigie token`` to the command line."""
    app.command("api")(serve)
    app.add_typer(token_app, name="token")
    app.add_typer(web_app, name="web")
    app.add_typer(plan_app, name="plan")
