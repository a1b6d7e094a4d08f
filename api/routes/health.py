"""``/health`` (database, broker, collector lag) and ``/metrics`` (Prometheus), without a token."""

from __future__ import annotations

import socket

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST
from psycopg_pool import ConnectionPool

from api import store
from api.middleware import RequestMetrics
from api.schemas_data import CheckOut, HealthOut
from core.database import first_line
from core.settings import Settings

router = APIRouter(tags=["health"])
PROBE_TIMEOUT_S = 1.0


def _database(pool: ConnectionPool) -> tuple[CheckOut, float | None]:
    try:
        with pool.connection(timeout=PROBE_TIMEOUT_S) as conn:
            store.ping(conn)
            lag = store.collector_lag_s(conn)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", said in detail
        return CheckOut(ok=False, detail=first_line(exc)), None
    return CheckOut(ok=True, detail="reachable"), lag


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
    responses={503: {"model": HealthOut, "description": "The database is unreachable."}},
)
def health(request: Request) -> Response:
    """Ready when the database answers (else 503); also the broker and the collector's lag."""
    database, lag = _database(request.app.state.pool)
    broker = _broker(request.app.state.settings)
    status = "ok" if database.ok and broker.ok else "degraded" if database.ok else "unavailable"
    body = HealthOut(status=status, database=database, broker=broker, collector_lag_s=lag)
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if database.ok else 503)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> Response:
    """Requests and latencies by route, in the Prometheus text format."""
    metrics: RequestMetrics = request.app.state.metrics
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
