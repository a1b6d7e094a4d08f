"""``POST /web/territory``: a person who may see several territories chooses the one shown."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from api.deps import Conn, get_territories
from api.territories import Territories
from api.web import sessions, store_people
from api.web.deps import HOME, see_other
from api.web.sessions import User
from core.errors import PermissionDenied

router = APIRouter(prefix="/web", include_in_schema=False)


@router.post("/territory")
def switch(
    request: Request,
    conn: Conn,
    user: User,
    known: Annotated[Territories, Depends(get_territories)],
    territory: Annotated[str, Form(max_length=32)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Show the person's pages in ``territory``, one of theirs, from the home page on."""
    sessions.check_form(request, csrf)
    found = known.by_code(conn, territory) if territory else None
    if found is None or found.id not in user.territories:
        raise PermissionDenied(f"you may not see territory {territory!r}")
    store_people.choose_territory(conn, user.session_id, found.id)
    return see_other(HOME)
