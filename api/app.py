"""The HTTP API: ``create_app(settings)`` builds it; its lifespan opens the process's pool.

With ``VIGIE_DATABASE_READ_URL`` it opens a second pool there, which read-only routes read
through (``api.reads``); every write goes to ``VIGIE_DATABASE_URL``.

Resources live under ``/v1/``; ``/health``, ``/metrics`` and ``/openapi.json`` at the root.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from api import problems
from api.limits import AuthFailures, ConcurrencyCap, LoadMetrics, Slots
from api.middleware import BodyLimit, Measure, RequestMetrics, SecurityHeaders
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
from api.territories import Territories
from api.territories import load as load_territories
from api.token_use import TokenUse
from api.web import site
from core.database import open_pool
from core.settings import Settings

DESCRIPTION = """\
Vigie's API for action pilots, evaluators and the people who follow the policy: the policy tree
with budgets and météo, actions, indicators and their values, effects, alerts, analyses and
exports; and the policy's writes: policies, missions, actions, budgets, scopes and control
groups, drawn areas, indicators, targets, people and their roles. Every `/v1/` resource needs
`Authorization: Bearer <token>` (`vigie token create`) and reads or writes in one territory of
the token's: `?territory=CODE`, else the token's only one, else the installation's own.
Errors are RFC 9457 problem details.
"""

SPARE_THREADS = 16  # for /health, /metrics and the requests' exits


def create_app(settings: Settings) -> FastAPI:
    """The API serving every territory of ``settings.database_url``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A request in flight needs one thread at a time: with more threads than requests
        # admitted, one holding a connection always finds a thread to finish on.
        threads = anyio.to_thread.current_default_thread_limiter()
        threads.total_tokens = settings.api_max_concurrent + SPARE_THREADS
        pool = open_pool(
            settings.database_url,
            max_size=settings.pool_max_size,
            application="vigie-api",
            timeouts_ms=(settings.api_statement_timeout_ms, settings.api_lock_timeout_ms),
            short_reads=True,
        )
        app.state.pool = pool
        read_pool = (
            open_pool(
                settings.database_read_url,
                max_size=settings.pool_max_size,
                application="vigie-api-reads",
                short_reads=True,
            )
            if settings.database_read_url
            else None
        )
        app.state.read_pool = read_pool
        app.state.token_use = TokenUse(pool)
        app.state.token_use.start()
        # What is alive now (modules, models, routes, the pools) lives as long as the process:
        # kept out of the collector's sweeps, a full collection no longer walks it. Walking it
        # took 100 to 200 ms a time, during which a worker answered nothing, not even a 503.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            app.state.token_use.stop()
            if read_pool is not None:
                read_pool.close()
            pool.close()

    app = FastAPI(
        title="Vigie",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        # No /docs: its page loads scripts from a CDN. /openapi.json serves any viewer.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.territories = Territories(load_territories)
    app.state.metrics = RequestMetrics()
    app.state.slots = Slots(settings.api_max_concurrent)
    app.state.auth_failures = AuthFailures(settings.api_auth_failures_per_min)
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
    app.add_middleware(
        ConcurrencyCap,
        slots=app.state.slots,
        failures=app.state.auth_failures,
        metrics=LoadMetrics(app.state.metrics.registry),
    )
    app.add_middleware(Measure, metrics=app.state.metrics)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.api_max_body_bytes,
        larger={site.UPLOADS: settings.web_file_max_bytes + settings.api_max_body_bytes},
    )
    return app
