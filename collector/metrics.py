"""The collector's counters, and their Prometheus view.

``Metrics`` is the state the batch loop updates, once per batch (never once per message);
``metrics_registry`` exposes it through ``prometheus_client`` in a registry of its own, so that
names, label values and numbers are written (and escaped) by the library, not by hand.
``collector.health`` serves it over HTTP.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from prometheus_client import CollectorRegistry
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

BATCH_BUCKETS_S: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
PREFIX: Final = "vigie_collector_"


SESSION_ALERT_S: Final = 600.0  # how long a lost or taken-over session keeps /health degraded


@dataclass
class SessionEvents:
    """What happened to the collector's broker session: taken over, or lost by the broker.

    Written by the MQTT session (the batch loop's thread), read by ``/health`` and scrapes.
    """

    taken_over: int = 0
    lost: int = 0
    last: str | None = None
    last_at: float = 0.0

    def record(self, kind: str, detail: str) -> None:
        """Count one event of ``kind`` (``taken_over`` or ``lost``) said by ``detail``."""
        if kind == "taken_over":
            self.taken_over += 1
        else:
            self.lost += 1
        self.last, self.last_at = detail, time.monotonic()

    def recent(self) -> str | None:
        """The last event if it happened within ``SESSION_ALERT_S``, else None."""
        if self.last is None or time.monotonic() - self.last_at > SESSION_ALERT_S:
            return None
        return self.last


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
    session: SessionEvents = field(default_factory=SessionEvents)
    sequence_gaps: int = 0
    readings_missing: int = 0
    broker_dropped: int = 0
    losses: SessionEvents = field(default_factory=SessionEvents)

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
        """Whether the collector takes messages and stores them, its session intact lately."""
        return self.mqtt_connected and self.database_up and self.session.recent() is None


class _MetricsView(Collector):
    """The metric families of one ``Metrics``, read at each scrape."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        """Every family, from the counters as they are now."""
        m = self.metrics
        families = _Families(m.collector)
        yield families.counter("messages_received_total", "MQTT messages taken", m.received)
        yield families.by("readings_stored_total", "Readings inserted, by table", "kind", m.stored)
        yield families.counter(
            "readings_duplicate_total", "Readings already stored (redeliveries)", m.duplicates
        )
        yield families.by(
            "dead_letters_total", "Messages dead-lettered, by reason", "reason", m.dead_letters
        )
        yield families.counter(
            "database_retries_total",
            "Batch writes retried after a database failure",
            m.database_retries,
        )
        yield families.gauge("queued_messages", "Messages received and not yet committed", m.queued)
        yield families.gauge(
            "commit_lag_seconds", "Receipt of a batch's first message to its commit", m.commit_lag_s
        )
        yield families.gauge(
            "reading_age_seconds", "Age of the newest reading at its commit", m.reading_age_s
        )
        yield families.gauge(
            "last_commit_timestamp_seconds", "Unix time of the last commit", m.last_commit_unix
        )
        yield families.by(
            "mqtt_session_events_total",
            "Broker sessions taken over by another client or lost by the broker",
            "event",
            {"taken_over": m.session.taken_over, "lost": m.session.lost},
        )
        yield families.counter(
            "sequence_gaps_total", "Holes found in devices' message numbers", m.sequence_gaps
        )
        yield families.counter(
            "readings_missing_total",
            "Messages devices numbered that never reached the collector (lost upstream)",
            m.readings_missing,
        )
        yield families.gauge(
            "broker_dropped_messages",
            "Messages the broker says it dropped since it started ($SYS)",
            m.broker_dropped,
        )
        up = {"mqtt": m.mqtt_connected, "database": m.database_up}
        yield families.by("up", "1 when connected, by dependency", "dependency", up, gauge=True)
        yield families.histogram(m)


@dataclass(frozen=True)
class _Families:
    """Metric families labelled with one collector's name."""

    collector: str

    def counter(self, name: str, text: str, value: float) -> Metric:
        family = CounterMetricFamily(PREFIX + name, text, labels=["collector"])
        family.add_metric([self.collector], value)
        return family

    def gauge(self, name: str, text: str, value: float) -> Metric:
        family = GaugeMetricFamily(PREFIX + name, text, labels=["collector"])
        family.add_metric([self.collector], value)
        return family

    def by(
        self, name: str, text: str, label: str, values: Mapping[str, float], *, gauge: bool = False
    ) -> Metric:
        kind = GaugeMetricFamily if gauge else CounterMetricFamily
        family = kind(PREFIX + name, text, labels=["collector", label])
        for key, value in sorted(values.items()):
            family.add_metric([self.collector, key], float(value))
        return family

    def histogram(self, m: Metrics) -> Metric:
        family = HistogramMetricFamily(
            PREFIX + "batch_seconds", "Time to write and commit one batch", labels=["collector"]
        )
        bounds = [*(str(b) for b in BATCH_BUCKETS_S), "+Inf"]
        counts = [*(float(n) for n in m.batch_buckets), float(m.batches)]
        family.add_metric(
            [self.collector], list(zip(bounds, counts, strict=True)), m.batch_seconds_sum
        )
        return family


def metrics_registry(metrics: Metrics) -> CollectorRegistry:
    """A registry of its own (never the process-wide default) exposing ``metrics``."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_MetricsView(metrics))
    return registry
