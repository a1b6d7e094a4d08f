"""The worker's HTTP endpoint: ``GET /health`` for probes and for whoever watches the outbox.

It answers 200 with ``{"database": "up", "notifications": {"failed": n, "retrying": n,
"pending": n}}`` while the database answers, 503 with ``{"database": "down"}`` otherwise. A
relay that refuses every e-mail does not make the worker unhealthy (restarting it would not
help); it shows as a growing ``failed`` count.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from core.errors import VigieError
from rules.store_notifications import notification_counts

log = logging.getLogger(__name__)


def health(pool: ConnectionPool) -> tuple[int, dict[str, object]]:
    """The status code and body of ``/health``."""
    try:
        with pool.connection(timeout=5.0) as conn:
            counts = notification_counts(conn)
    except (VigieError, psycopg.Error, PoolTimeout):
        return 503, {"database": "down"}
    return 200, {"database": "up", "notifications": counts}


def serve_health(pool: ConnectionPool, host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``/health`` on ``host:port`` from a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                status, answer = health(pool)
                body, kind = json.dumps(answer).encode(), "application/json"
            else:
                status, body, kind = 404, b"not found\n", "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            """Requests are not logged: probes would flood the log."""

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    log.info("health served", extra={"host": host, "port": server.server_address[1]})
    return server
