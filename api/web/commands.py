"""``vigie web grant`` and ``vigie web link``: roles for people, and a sign-in link by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from api.tokens import Role
from core.errors import NotFound

web_app = typer.Typer(
    help="People on the web pages: roles and sign-in links.", no_args_is_help=True
)


@web_app.command("grant")
def grant(
    email: Annotated[str, typer.Argument(help="The person's e-mail.")],
    roles: Annotated[list[Role], typer.Argument(help="Roles to give (admin, pilot, ...).")],
    territory: Annotated[
        list[str] | None,
        typer.Option(help="A territory they may see, by code; repeat for several (default: ours)."),
    ] = None,
) -> None:
    """Give a person roles in territories: they sign in to the pages in one of them.

    Territories add to those the person already sees (``--territory``, else VIGIE_TERRITORY).
    """
    from api import store
    from api.web import store_people
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        person = store_people.person_by_email(conn, email)
        if person is None:
            raise NotFound(f"no person with e-mail {email}")
        codes = store.known_territories(conn, territory or [settings.territory])
        for role in roles:
            store_people.grant_role(conn, person.id, role.value)
        store_people.grant_territories(conn, person.id, codes)
    held = ", ".join(sorted({*person.roles, *(r.value for r in roles)}))
    typer.echo(f"{email}: {held} in {', '.join(codes)}")


@web_app.command("link")
def link(email: Annotated[str, typer.Argument(help="The person's e-mail.")]) -> None:
    """Print a one-time sign-in link for a person (the first admin, or when mail is down)."""
    from api.web import store_people
    from api.web.links import new_sign_in_link
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        person = store_people.person_by_email(conn, email)
        if person is None or not person.roles:
            raise NotFound(f"no person with e-mail {email} holding a role (vigie web grant)")
        typer.echo(new_sign_in_link(conn, settings, person.id))
