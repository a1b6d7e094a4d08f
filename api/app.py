"""The HTTP API: ``create_app(settings)`` builds it; its lifespan opens the process's one pool.

Resources live under ``/v1/``; ``/health``, ``/metrics`` and ``/openapi.json`` at the root.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems
from api.middleware import BodyLimit, Measure, RequestMetrics
from api.routes import (
    action_writes,
    actions,
    adjustments,
    alerts,
    analyses,
    assets,
    effects,
    exports,
    health,
    indicator_writes,
    indicators,
    people,
    plans,
    policy,
    policy_writes,
    scopes,
)
from api.web import site
from core.database import open_pool
from core.settings import Settings

DESCRIPTION = """\
Vigie's API for action pilots, evaluators and the people who follow the policy: the policy tree
with budgets and météo, actions, indicators and their values, effects, alerts, analyses and
exports; and the policy's writes: policies, missions, actions, budgets, scopes and control
groups, drawn areas, indicators, targets, people and their roles. Every `/v1/` resource needs
`Authorization: Bearer <token>` (`vigie token create`).
Errors are RFC 9457 problem details.
"""


def create_app(settings: Settings) -> FastAPI:
    """The API serving ``settings.territory`` from ``settings.database_url``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = open_pool(
            settings.database_url, max_size=settings.pool_max_size, application="vigie-api"
        )
        app.state.pool = pool
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="Vigie",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = RequestMetrics()
    problems.install(app)
    # Each router carries its whole prefix (``/v1/...``): a request's route template, which the
    # metrics count it under, is then the matched route's own path, whatever FastAPI version.
    routers = (
        health,
        policy,
        policy_writes,
        actions,
        action_writes,
        scopes,
        effects,
        adjustments,
        indicators,
        indicator_writes,
        people,
        assets,
        alerts,
        analyses,
        exports,
        plans,
    )
    for module in routers:
        app.include_router(module.router)
    site.install(app)
    app.add_middleware(Measure, metrics=app.state.metrics)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.api_max_body_bytes,
        larger={site.UPLOADS: settings.web_file_max_bytes + settings.api_max_body_bytes},
    )
    return app
