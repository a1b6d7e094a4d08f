"""Two ASGI layers around the app: a request-size limit and Prometheus counters per route.

The metrics are plain counters kept in memory, one process at a time, and served by
``GET /metrics`` in the Prometheus text format.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS_S: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class BodyTooLarge(Exception):  # noqa: N818 - named for what happened
    """The request body is over the limit."""


class BodyLimit:
    """Refuse a request whose body exceeds ``max_bytes`` with a 413 problem, before reading it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Content Too Large",
                "status": 413,
                "detail": f"the request body is limited to {self.max_bytes} bytes",
                "instance": scope.get("path", ""),
            }
        ).encode()
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", b"%d" % len(body)),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@dataclass
class RequestMetrics:
    """Requests by route and status, and a latency histogram by route."""

    requests: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    seconds_sum: dict[str, float] = field(default_factory=dict)
    buckets: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request."""
        with self.lock:
            self.requests[method, route, status] += 1
            self.seconds_sum[route] = self.seconds_sum.get(route, 0.0) + seconds
            counts = self.buckets.setdefault(route, [0] * (len(LATENCY_BUCKETS_S) + 1))
            for i, bound in enumerate(LATENCY_BUCKETS_S):
                if seconds <= bound:
                    counts[i] += 1
            counts[-1] += 1

    def render(self, extra: dict[str, float]) -> str:
        """The Prometheus text format of every counter, plus ``extra`` gauges."""
        lines = [
            "# HELP vigie_api_requests_total HTTP requests by method, route and status.",
            "# TYPE vigie_api_requests_total counter",
        ]
        with self.lock:
            for (method, route, status), n in sorted(self.requests.items()):
                labels = f'method="{method}",route="{route}",status="{status}"'
                lines.append(f"vigie_api_requests_total{{{labels}}} {n}")
            lines += [
                "# HELP vigie_api_request_seconds Time to answer a request, by route.",
                "# TYPE vigie_api_request_seconds histogram",
            ]
            for route, counts in sorted(self.buckets.items()):
                for bound, n in zip((*LATENCY_BUCKETS_S, "+Inf"), counts, strict=True):
                    lines.append(
                        f'vigie_api_request_seconds_bucket{{route="{route}",le="{bound}"}} {n}'
                    )
                total = self.seconds_sum[route]
                lines.append(f'vigie_api_request_seconds_sum{{route="{route}"}} {total:.6f}')
                lines.append(f'vigie_api_request_seconds_count{{route="{route}"}} {counts[-1]}')
        for name, value in extra.items():
            lines += [f"# TYPE {name} gauge", f"{name} {value}"]
        return "\n".join(lines) + "\n"


def template_of(scope: Scope) -> str:
    """The route template of a request (``/v1/actions/{code}``), from its path and parameters."""
    if scope.get("route") is None:
        return "unmatched"
    names = {unquote(str(v)): k for k, v in scope.get("path_params", {}).items()}
    segments = str(scope["path"]).split("/")
    return "/".join(f"{{{names[unquote(s)]}}}" if unquote(s) in names else s for s in segments)


class Measure:
    """Time each request and count it under its route template (never its raw path)."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; count it once the response started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            route = template_of(scope)
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - started)
