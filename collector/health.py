"""The collector's HTTP endpoint: ``/metrics`` for Prometheus and ``/health`` for probes.

``GET /metrics`` gives the counters of ``collector.metrics`` in the Prometheus text format;
``GET /health`` answers 200 when the broker session and the database are both up and the
session was neither taken over nor lost by the broker in the last ten minutes, 503 otherwise,
with a small JSON body saying which (``session`` says what happened to it). ``upstream`` says
when messages devices numbered went missing before the collector in the last ten minutes
(the collector still works: that alone keeps 200).
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from collector.metrics import Metrics, metrics_registry

log = logging.getLogger(__name__)


def serve_health(metrics: Metrics, host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``/metrics`` and ``/health`` on ``host:port`` from a daemon thread."""
    registry = metrics_registry(metrics)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/metrics":
                body, status, kind = generate_latest(registry), 200, CONTENT_TYPE_LATEST
            elif self.path == "/health":
                state = {"mqtt": metrics.mqtt_connected, "database": metrics.database_up}
                said: dict[str, str] = {k: "up" if v else "down" for k, v in state.items()}
                said["session"] = metrics.session.recent() or "ok"
                said["upstream"] = metrics.losses.recent() or "ok"
                body = json.dumps(said).encode()
                status, kind = (200 if metrics.healthy() else 503), "application/json"
            else:
                body, status, kind = b"not found\n", 404, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            """Requests are not logged: scrapes would flood the log."""

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    log.info("metrics served", extra={"host": host, "port": server.server_address[1]})
    return server
