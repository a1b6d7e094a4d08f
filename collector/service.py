"""``run_collector``: one collector, from its settings to a clean stop."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from collector.batches import BatchLoop, Limits
from collector.broker_watch import BrokerWatch
from collector.health import serve_health
from collector.metrics import Metrics
from collector.subscriber import Session
from collector.topics import subscription
from core.settings import Settings

log = logging.getLogger(__name__)

RECEIVE_MAXIMUM_CAP = 65_535


@dataclass(frozen=True)
class CollectorOptions:
    """What may differ between collectors sharing one settings file."""

    client_id: str | None = None
    share_group: str | None = None
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = 9464
    max_age: timedelta | None = None  # None: VIGIE_MAX_READING_AGE_DAYS
    max_ahead: timedelta | None = None  # None: VIGIE_MAX_READING_AHEAD_S
    registry_refresh_s: float = 30.0
    receive_maximum: int | None = None


def reading_max_age(settings: Settings) -> timedelta:
    """How old a reading the collector accepts (``VIGIE_MAX_READING_AGE_DAYS``)."""
    return timedelta(days=settings.max_reading_age_days)


def reading_max_ahead(settings: Settings) -> timedelta:
    """How far ahead of the clock a reading may be (``VIGIE_MAX_READING_AHEAD_S``)."""
    return timedelta(seconds=settings.max_reading_ahead_s)


def run_collector(
    settings: Settings, stop: threading.Event, options: CollectorOptions | None = None
) -> Metrics:
    """Collect until ``stop`` is set; return the counters (also served on ``/metrics``)."""
    options = options or CollectorOptions()
    client_id = options.client_id or settings.mqtt_client_id
    receive_maximum = min(
        RECEIVE_MAXIMUM_CAP,
        options.receive_maximum or max(1_000, 2 * settings.batch_max_rows),
    )
    metrics = Metrics(collector=client_id)
    server = (
        serve_health(metrics, options.metrics_host, options.metrics_port)
        if options.metrics_port is not None
        else None
    )
    session = Session(
        settings,
        client_id,
        receive_maximum,
        subscription(settings.mqtt_topic_prefix, settings.territory, options.share_group),
        stop,
        events=metrics.session,
    )
    loop = BatchLoop(
        database_url=settings.database_url,
        prefix=settings.mqtt_topic_prefix,
        territory=settings.territory,
        collector=client_id,
        limits=Limits(
            max_rows=settings.batch_max_rows,
            max_delay_s=settings.batch_max_delay_ms / 1000,
            max_age=reading_max_age(settings) if options.max_age is None else options.max_age,
            max_ahead=(
                reading_max_ahead(settings) if options.max_ahead is None else options.max_ahead
            ),
            refresh_s=options.registry_refresh_s,
            retention=timedelta(days=settings.dead_letter_retention_days),
        ),
        session=session,
        metrics=metrics,
    )
    log.info(
        "collector started", extra={"client_id": client_id, "receive_maximum": receive_maximum}
    )
    watch = BrokerWatch(settings, client_id, metrics)
    watch.start()
    try:
        loop.run()
    finally:
        stop.set()
        watch.stop()
        session.close()
        if server is not None:
            server.shutdown()
            server.server_close()
        log.info(
            "collector stopped",
            extra={"received": metrics.received, "stored": sum(metrics.stored.values())},
        )
    return metrics
