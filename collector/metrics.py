"""The collector's own health and counters, served in the Prometheus text format.

``GET /metrics`` gives the counters; ``GET /health`` answers 200 when the broker session and the
database are both up, 503 otherwise, with a small JSON body saying which is down.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final

log = logging.getLogger(__name__)

BATCH_BUCKETS_S: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass
class Metrics:
    """Counters updated by the batch loop, once per batch (never once per message)."""

    collector: str
    received: int = 0
    stored: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)
    batches: int = 0
    batch_seconds_sum: float = 0.0
    batch_buckets: list[int] = field(default_factory=lambda: [0] * len(BATCH_BUCKETS_S))
    commit_lag_s: float = 0.0
    reading_age_s: float = 0.0
    queued: int = 0
    database_retries: int = 0
    mqtt_connected: bool = False
    database_up: bool = False
    last_commit_unix: float = 0.0

    def observe_batch(self, seconds: float, lag_s: float) -> None:
        """Count one committed batch that took ``seconds`` to write."""
        self.batches += 1
        self.batch_seconds_sum += seconds
        for i, bound in enumerate(BATCH_BUCKETS_S):
            if seconds <= bound:
                self.batch_buckets[i] += 1
        self.commit_lag_s = lag_s
        self.last_commit_unix = time.time()

    def healthy(self) -> bool:
        """Whether the collector can take messages and store them."""
        return self.mqtt_connected and self.database_up

    def render(self) -> str:
        """The metrics in the Prometheus text exposition format."""
        label = f'collector="{self.collector}"'
        families: list[tuple[str, str, str, dict[str, float]]] = [
            ("messages_received_total", "counter", "MQTT messages taken", {label: self.received}),
            ("readings_stored_total", "counter", "Readings inserted, by table",
             {f'{label},kind="{k}"': v for k, v in sorted(self.stored.items())}),
            ("readings_duplicate_total", "counter", "Readings already stored (redeliveries)",
             {label: self.duplicates}),
            ("dead_letters_total", "counter", "Messages dead-lettered, by reason",
             {f'{label},reason="{k}"': v for k, v in sorted(self.dead_letters.items())}),
            ("database_retries_total", "counter", "Batch writes retried after a database failure",
             {label: self.database_retries}),
            ("queued_messages", "gauge", "Messages received and not yet committed",
             {label: self.queued}),
            ("commit_lag_seconds", "gauge", "Receipt of a batch's first message to its commit",
             {label: self.commit_lag_s}),
            ("reading_age_seconds", "gauge", "Age of the newest reading at its commit",
             {label: self.reading_age_s}),
            ("last_commit_timestamp_seconds", "gauge", "Unix time of the last commit",
             {label: self.last_commit_unix}),
            ("up", "gauge", "1 when connected, by dependency",
             {f'{label},dependency="mqtt"': int(self.mqtt_connected),
              f'{label},dependency="database"': int(self.database_up)}),
        ]  # fmt: skip
        lines = [line for family in families for line in _metric(*family)]
        lines += [
            "# HELP vigie_collector_batch_seconds Time to write and commit one batch",
            "# TYPE vigie_collector_batch_seconds histogram",
        ]
        for bound, count in zip(BATCH_BUCKETS_S, self.batch_buckets, strict=True):
            lines.append(f'vigie_collector_batch_seconds_bucket{{{label},le="{bound}"}} {count}')
        lines += [
            f'vigie_collector_batch_seconds_bucket{{{label},le="+Inf"}} {self.batches}',
            f"vigie_collector_batch_seconds_sum{{{label}}} {self.batch_seconds_sum}",
            f"vigie_collector_batch_seconds_count{{{label}}} {self.batches}",
        ]
        return "\n".join(lines) + "\n"


def _metric(name: str, kind: str, text: str, samples: dict[str, float]) -> list[str]:
    full = f"vigie_collector_{name}"
    head = [f"# HELP {full} {text}", f"# TYPE {full} {kind}"]
    return head + [f"{full}{{{labels}}} {value}" for labels, value in samples.items()]


def serve_metrics(metrics: Metrics, host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``/metrics`` and ``/health`` on ``host:port`` from a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/metrics":
                body, status, kind = metrics.render().encode(), 200, "text/plain; version=0.0.4"
            elif self.path == "/health":
                state = {"mqtt": metrics.mqtt_connected, "database": metrics.database_up}
                body = json.dumps({k: "up" if v else "down" for k, v in state.items()}).encode()
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
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    log.info("metrics served", extra={"host": host, "port": server.server_address[1]})
    return server
