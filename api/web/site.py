"""The pages added to the app: their routes, static files and error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    errors,
    routes_alerts,
    routes_charts,
    routes_downloads,
    routes_edits,
    routes_files,
    routes_home,
    routes_links,
    routes_plan,
    routes_reports,
    routes_sign_in,
    routes_territory,
)
from api.web.i18n import languages

STATIC = Path(__file__).parent / "static"
UPLOADS = "/web/files"  # the one path whose requests carry a file, up to its own size limit


def install(app: FastAPI) -> None:
    """Serve the pages and their static files; answer their errors with pages."""
    language = app.state.settings.web_language
    if language not in languages():
        raise ValueError(f"no catalogue for language {language!r}")
    for module in (
        routes_home,
        routes_sign_in,
        routes_territory,
        routes_links,
        routes_alerts,
        routes_plan,
        routes_edits,
        routes_charts,
        routes_files,
        routes_reports,
        routes_downloads,
    ):
        app.include_router(module.router)
    app.mount("/web/static", StaticFiles(directory=STATIC), name="web-static")
    errors.install(app)
