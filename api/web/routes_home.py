"""The site's entry: ``/`` and ``/web/`` lead a person to their alerts or the action plan."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.tokens import Role
from api.web.deps import see_other
from api.web.sessions import User

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> Response:
    """The pages."""
    return see_other("/web/")


@router.get("/web/")
def home(user: User) -> Response:
    """A pilot's alerts first; the action plan for everyone else."""
    return see_other("/web/alerts" if user.role in {Role.PILOT, Role.ADMIN} else "/web/plan")
