"""What the pages' routes share: the territory with its time zone, safe return paths, flashes.

A signed-in person sees one territory at a time: the one they chose among theirs (the switch on
every page), else their only one, else the installation's own, else the first of theirs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from api.deps import Conn, SettingsDep, get_territories
from api.territories import Territories, Territory, choose
from api.web.sessions import User
from core.errors import InvalidInput

HOME = "/web/"


def territory_of_pages(
    request: Request,
    conn: Conn,
    user: User,
    settings: SettingsDep,
    known: Annotated[Territories, Depends(get_territories)],
) -> Territory:
    """The territory the person's pages show; its time zone is the one they write instants in."""
    mine = known.of(conn, user.territories)
    chosen = next((t for t in mine if t.id == user.chosen), None)
    if chosen is None:
        try:
            chosen = choose(
                conn, known, user.territories, None, default=settings.territory, who="you"
            )
        except InvalidInput:
            chosen = mine[0]
    request.state.timezone = chosen.timezone
    request.state.territory = chosen
    request.state.territories = mine
    return chosen


Here = Annotated[Territory, Depends(territory_of_pages)]


def safe_next(path: str | None) -> str:
    """``path`` when it is a page of this site, else the home page (no open redirection)."""
    if (
        path
        and path.startswith(HOME)
        and "//" not in path
        and "\\" not in path
        and len(path) <= 500  # noqa: PLR2004 - longer than any page's address
        and path.isprintable()
    ):
        return path
    return HOME


def see_other(path: str) -> RedirectResponse:
    """The answer to a form: go to ``path`` (303, so the browser GETs it)."""
    return RedirectResponse(path, status_code=303)
