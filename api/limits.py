"""Two guards in front of the routes: a cap on requests in flight, and a brake on token guessing.

``ConcurrencyCap`` answers 503 with ``Retry-After`` at once when ``limit`` requests are already
being served, instead of letting them queue for a thread or a connection; ``/health`` and
``/metrics`` pass, so that a saturated API can still say so. ``AuthFailures`` counts the
failed authentications of each client address over a sliding minute; a client over the limit
gets 429 with ``Retry-After`` before anything touches the database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

UNCAPPED: Final = frozenset({"/health", "/metrics"})
WINDOW_S: Final = 60.0
MAX_CLIENTS: Final = 10_000  # addresses remembered before the quiet ones are forgotten


class AuthFailures:
    """Failed authentications per client address over the last minute."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def record(self, client: str) -> None:
        """Count one failure of ``client``; log once when it crosses the limit."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            times.append(now)
            crossed = len(times) == self.per_minute
        if crossed:
            log.warning(
                "authentication failures over the limit",
                extra={"client": client, "per_minute": self.per_minute},
            )

    def retry_after_s(self, client: str) -> int:
        """Seconds before ``client`` may try again; 0 when it may now (nothing is kept)."""
        now = time.monotonic()
        with self._lock:
            if client not in self._seen:
                return 0
            times = self._recent(client, now)
            if len(times) < self.per_minute:
                return 0
            return max(1, int(times[0] + WINDOW_S - now) + 1)

    def _recent(self, client: str, now: float) -> deque[float]:
        """The client's failures of the last minute; clients quiet for a minute are forgotten."""
        if len(self._seen) > MAX_CLIENTS:
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_S}
        times = self._seen.setdefault(client, deque())
        while times and times[0] <= now - WINDOW_S:
            times.popleft()
        return times


class LoadMetrics:
    """Requests in flight, and those shed (503) or braked (429), for ``/metrics``."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.in_flight = Gauge(
            "vigie_api_requests_in_flight",
            "Requests being served now.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.shed = Counter(
            "vigie_api_requests_shed",
            "Requests refused with 503 because the API was at its concurrency cap.",
            registry=registry,
        )
        self.braked = Counter(
            "vigie_api_auth_braked",
            "Requests refused with 429 after too many failed authentications from a client.",
            registry=registry,
        )


def client_of(scope: Scope) -> str:
    """The client's address (the proxy's, behind one that does not forward it)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class Slots:
    """How many requests are served now, out of ``limit``; touched by the event loop only."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0

    def saturated(self) -> bool:
        """Whether every slot is taken."""
        return self.in_flight >= self.limit


class ConcurrencyCap:
    """Serve at most ``slots.limit`` requests at once; refuse the others at once (503)."""

    def __init__(
        self, app: ASGIApp, slots: Slots, failures: AuthFailures, metrics: LoadMetrics
    ) -> None:
        self.app = app
        self.slots = slots
        self.failures = failures
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse, brake or pass the request on, counting it while it is served."""
        if scope["type"] != "http" or scope.get("path") in UNCAPPED:
            await self.app(scope, receive, send)
            return
        wait_s = self.failures.retry_after_s(client_of(scope))
        if wait_s:
            self.metrics.braked.inc()
            await refuse(scope, send, 429, "too many failed authentications", wait_s)
            return
        if self.slots.saturated():
            self.metrics.shed.inc()
            await refuse(scope, send, 503, "the API is at capacity; retry shortly", 1)
            return
        self.slots.in_flight += 1
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.in_flight -= 1
            self.metrics.in_flight.dec()


TITLES: Final = {429: "Too Many Requests", 503: "Service Unavailable"}


async def refuse(scope: Scope, send: Send, status: int, detail: str, retry_after_s: int) -> None:
    """Answer a problem+json ``status`` with ``Retry-After``, without running the app."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": TITLES[status],
            "status": status,
            "detail": detail,
            "instance": scope.get("path", ""),
        }
    ).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", b"%d" % len(body)),
        (b"retry-after", b"%d" % retry_after_s),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
