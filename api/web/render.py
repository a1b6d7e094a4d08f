"""Pages rendered from the Jinja2 templates of ``templates/``, with the catalogue's words.

Every page is sent with headers that keep it to itself: its own scripts, styles and images only
(Content-Security-Policy), never in a frame, no MIME sniffing, no referrer sent away, and not
stored by shared caches. Templates escape every value (autoescape); a name they use that the
context lacks is an error, not a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.web.i18n import Catalogue, catalogue

TEMPLATES = Path(__file__).parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@cache
def environment(language: str) -> Environment:
    """The templates with the catalogue of ``language`` as ``t``, ``num``, ``day``, ``moment``."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    words = catalogue(language)
    env.globals.update(
        t=words.text,
        has_text=words.has,
        num=words.number,
        day=words.day,
        moment=words.moment,
        language=language,
    )
    return env


def words_of(request: Request) -> Catalogue:
    """The catalogue of the pages' language."""
    return catalogue(request.app.state.settings.web_language)


def html(template: str, context: Mapping[str, Any], language: str) -> str:
    """A template rendered to text."""
    return environment(language).get_template(template).render(**context)


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page of the site: the template with the request's common context."""
    state = request.state
    full = {
        "request": request,
        "user": getattr(state, "web_user", None),
        "csrf": getattr(state, "csrf", ""),
        "flash": getattr(state, "flash", None),
        "timezone": getattr(state, "timezone", "UTC"),
        **context,
    }
    body = html(template, full, request.app.state.settings.web_language)
    return HTMLResponse(body, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
