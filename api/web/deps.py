"""What the pages' routes share: the territory with its time zone, safe return paths, flashes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from api.deps import Place, Territory

HOME = "/web/"


def territory_of_pages(request: Request, place: Place) -> Territory:
    """The served territory; its time zone is the one the pages write instants in."""
    request.state.timezone = place.timezone
    return place


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
