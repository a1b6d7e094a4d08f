"""``/health`` (database, broker, collector lag) and ``/metrics`` (Prometheus), without a token."""

from __future__ import annotations

import socket

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from api import store
from api.limits import Slots
from api.middleware import RequestMetrics
from api.schemas_data import CheckOut, HealthOut, Status
from core.database import connect, first_line
from core.settings import Settings

router = APIRouter(tags=["health"])
PROBE_TIMEOUT_S = 1.0


def _database(pool: ConnectionPool, url: str) -> tuple[CheckOut, float | None, bool]:
    """Whether the database answers, the collector's lag, and whether every connection is busy.

    With every pooled connection taken, a connection of its own tells a busy API (saturated)
    from a database that is down.
    """
    stats = pool.get_stats()
    busy = stats.get("pool_size", 0) >= (pool.max_size or 0) and not stats.get("pool_available")
    if not busy:
        try:
            with pool.connection(timeout=PROBE_TIMEOUT_S) as conn:
                store.ping(conn)
                return CheckOut(ok=True, detail="reachable"), store.collector_lag_s(conn), False
        except PoolTimeout:
            busy = True
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", in detail
            return CheckOut(ok=False, detail=first_line(exc)), None, False
    try:
        with connect(make_conninfo(url, connect_timeout=2), application="vigie-api") as conn:
            store.ping(conn)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", in detail
        return CheckOut(ok=False, detail=first_line(exc)), None, True
    return CheckOut(ok=True, detail="reachable; every pooled connection is busy"), None, True


def _broker(settings: Settings) -> CheckOut:
    target = settings.mqtt
    try:
        with socket.create_connection((target.host, target.port), PROBE_TIMEOUT_S):
            return CheckOut(ok=True, detail=f"{target.host}:{target.port} accepts connections")
    except OSError as exc:
        return CheckOut(ok=False, detail=f"{target.host}:{target.port}: {exc.strerror or exc}")


@router.get(
    "/health",
    response_model=HealthOut,
    responses={
        503: {
            "model": HealthOut,
            "description": "The database is unreachable (unavailable), or the API is at its"
            " concurrency cap or has every connection busy (saturated).",
        }
    },
)
def health(request: Request) -> Response:
    """Ready when the database answers and the API has room (else 503, saying which)."""
    settings: Settings = request.app.state.settings
    slots: Slots = request.app.state.slots
    database, lag, busy = _database(request.app.state.pool, settings.database_url)
    broker = _broker(settings)
    status: Status = "ok"
    if not database.ok:
        status = "unavailable"
    elif busy or slots.saturated():
        status = "saturated"
    elif not broker.ok:
        status = "degraded"
    body = HealthOut(
        status=status,
        database=database,
        broker=broker,
        collector_lag_s=lag,
        requests_in_flight=slots.in_flight,
        max_concurrent=slots.limit,
    )
    ready = status in {"ok", "degraded"}
    headers = None if ready else {"Retry-After": "1"}
    return JSONResponse(
        body.model_dump(mode="json"), status_code=200 if ready else 503, headers=headers
    )


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> Response:
    """Requests and latencies by route, in the Prometheus text format."""
    metrics: RequestMetrics = request.app.state.metrics
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
