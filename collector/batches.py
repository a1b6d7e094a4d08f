"""The batch loop: take messages, classify them, write a batch, then acknowledge it.

A batch closes at ``batch_max_rows`` readings or ``batch_max_delay_ms`` after its first
message, whichever comes first. It is written in one transaction (readings by COPY, dead
letters, the ingest record, the NOTIFY) and only then are its messages acknowledged. While the
database is down the loop retries the same batch with capped, jittered back-off and
acknowledges nothing: the broker stops sending once ``receive_maximum`` messages wait.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

import psycopg

from collector import store
from collector.assets import Assets
from collector.batch_rows import (
    Batch,
    prune_before,
    sequences_of,
    tables_of,
    topic_text,
    write_numbered,
    write_plain,
)
from collector.ingest import Accepted, Rejection, Row, Window, classify
from collector.metrics import Metrics
from collector.mqtt_packets import Message
from collector.sequences import Gap
from collector.subscriber import Session
from core.database import Connection, connect
from core.errors import DatabaseUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_MIN_S = 0.5
PRUNE_EVERY_S = 3600.0
RETRY_MAX_S = 30.0
_RETRYABLE = (
    DatabaseUnavailable,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
)


class Stopped(Exception):  # noqa: N818 - a state the loop is left in
    """The collector was asked to stop while a batch could not be written."""


@dataclass(frozen=True)
class Limits:
    """How a batch closes and which measurement times are accepted."""

    max_rows: int
    max_delay_s: float
    max_age: timedelta
    max_ahead: timedelta
    refresh_s: float
    retention: timedelta = timedelta(days=90)  # dead letters older than this are pruned


@dataclass
class BatchLoop:
    """Runs in the main thread until ``link.stop`` is set."""

    database_url: str
    prefix: str
    territory: str
    collector: str
    limits: Limits
    session: Session
    metrics: Metrics
    assets: Assets = field(default_factory=Assets)
    _conn: Connection | None = None
    _refreshed: float = 0.0
    _pruned: float | None = None

    def run(self) -> None:
        """Take, write and acknowledge batches until stopped."""
        self._with_database(self._refresh)
        try:
            while not self.session.stop.is_set():
                batch = self._gather()
                if batch is not None:
                    self._commit(batch)
                self._prune_when_due()
        except Stopped:
            log.info("stopped with a batch unwritten; the broker will redeliver it")
        finally:
            if self._conn is not None:
                self._conn.close()

    def _gather(self) -> Batch | None:
        inbox, pump = self.session.inbox, self.session.pump
        if not inbox:
            pump(0.2)
            self.metrics.mqtt_connected = self.session.connected
            if not inbox:
                return None
        now = datetime.now(UTC)
        window = Window.around(now, max_age=self.limits.max_age, max_ahead=self.limits.max_ahead)
        batch = Batch(window, time.monotonic())
        deadline = batch.started + self.limits.max_delay_s
        add, take = self._add, inbox.popleft
        while True:
            while inbox and batch.rows < self.limits.max_rows:
                add(batch, take())
            remaining = deadline - time.monotonic()
            if batch.rows >= self.limits.max_rows or remaining <= 0:
                return batch
            pump(min(remaining, 0.05))

    def _add(self, batch: Batch, message: Message) -> None:
        outcome = classify(
            self.prefix, topic_text(message), message.payload, batch.window, self.assets
        )
        if type(outcome) is Accepted:
            batch.rows += len(outcome.lamps) + len(outcome.cabinets) + len(outcome.meters)
        batch.entries.append((message, outcome))

    def _commit(self, batch: Batch) -> None:
        if any(type(o) is Rejection and o.kind == "unknown_device" for _, o in batch.entries):
            self._retry_unknown(batch)
        readings, dead = tables_of(batch)
        written = time.monotonic()
        gaps: list[Gap] = []
        try:
            committed, gaps = self._with_database(
                partial(
                    write_numbered,
                    readings=readings,
                    dead=dead,
                    collector=self.collector,
                    sequences=sequences_of(batch),
                )
            )
        except (psycopg.DataError, psycopg.IntegrityError):
            log.warning("batch refused by the database; storing message by message")
            committed = self._write_each(batch)
        done = time.monotonic()
        self._acknowledge(batch)
        self._count(batch, readings, dead, committed)
        if gaps:
            self._count_gaps(gaps)
        self.metrics.observe_batch(done - written, done - batch.started)

    def _retry_unknown(self, batch: Batch) -> None:
        if time.monotonic() - self._refreshed < self.limits.refresh_s:
            return
        self._with_database(self._refresh)
        for i, (message, outcome) in enumerate(batch.entries):
            if type(outcome) is Rejection and outcome.kind == "unknown_device":
                retried = classify(
                    self.prefix, topic_text(message), message.payload, batch.window, self.assets
                )
                batch.entries[i] = (message, retried)

    def _prune_when_due(self) -> None:
        """Forget dead letters older than the retention, at start and then once an hour."""
        now = time.monotonic()
        if self._pruned is not None and now - self._pruned < PRUNE_EVERY_S:
            return
        self._pruned = now
        before = datetime.now(UTC) - self.limits.retention
        pruned = self._with_database(partial(prune_before, before=before))
        if pruned:
            log.info("dead letters pruned", extra={"count": pruned, "before": before.isoformat()})

    def _refresh(self, conn: Connection) -> None:
        self.assets = store.load_assets(conn, self.territory)
        self._refreshed = time.monotonic()
        log.info("assets loaded", extra={"territory": self.territory, "assets": len(self.assets)})

    def _write_each(self, batch: Batch) -> list[store.Committed]:
        committed: list[store.Committed] = []
        for i, (message, outcome) in enumerate(batch.entries):
            single = Batch(batch.window, batch.started, [(message, outcome)])
            readings, dead = tables_of(single)
            try:
                committed += self._with_database(
                    partial(write_plain, readings=readings, dead=dead, collector=self.collector)
                )
            except (psycopg.DataError, psycopg.IntegrityError) as exc:
                refused = Rejection("db_rejected", str(exc).splitlines()[0][:1000])
                batch.entries[i] = (message, refused)
                _, dead = tables_of(Batch(batch.window, batch.started, [batch.entries[i]]))
                self._with_database(
                    partial(write_plain, readings={}, dead=dead, collector=self.collector)
                )
        return committed

    def _with_database(self, action: Callable[[Connection], T]) -> T:
        delay = RETRY_MIN_S
        while True:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = connect(self.database_url, application="vigie-collector")
                    store.prepare(self._conn)
                result = action(self._conn)
            except _RETRYABLE as exc:
                self._drop_connection()
                self.metrics.database_up = False
                self.metrics.database_retries += 1
                log.warning(
                    "database unavailable; retrying",
                    extra={
                        "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                        "retry_in_s": round(delay, 1),
                    },
                )
                if self._idle(random.uniform(delay / 2, delay)):
                    raise Stopped from exc
                delay = min(delay * 2, RETRY_MAX_S)
            else:
                self.metrics.database_up = True
                return result

    def _idle(self, seconds: float) -> bool:
        """Keep the MQTT session alive for ``seconds`` (nothing is acknowledged); True if stopped.

        Messages keep arriving until ``receive_maximum`` wait unacknowledged, then the broker
        holds the rest: that is the bound on memory while the database is away.
        """
        until = time.monotonic() + seconds
        while not self.session.stop.is_set():
            remaining = until - time.monotonic()
            if remaining <= 0:
                return False
            self.session.pump(min(remaining, 0.5))
        return True

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                log.debug("closing a broken connection failed")
            self._conn = None

    def _acknowledge(self, batch: Batch) -> None:
        # A message received on an earlier connection is redelivered on the new one (it was
        # never acknowledged); acknowledging the old copy could acknowledge another message
        # that reuses its packet id, so only messages of the current connection are acknowledged.
        current = self.session.generation
        self.session.ack([m.mid for m, _ in batch.entries if m.qos and m.generation == current])

    def _count_gaps(self, gaps: list[Gap]) -> None:
        missing = sum(g.missing for g in gaps)
        self.metrics.sequence_gaps += len(gaps)
        self.metrics.readings_missing += missing
        self.metrics.losses.record(
            "lost",
            f"{missing} message(s) missing from {len({(g.kind, g.device_id) for g in gaps})}"
            " device(s)",
        )
        log.warning(
            "messages lost upstream",
            extra={
                "missing": missing,
                "devices": sorted({f"{g.kind}:{g.device_id}" for g in gaps})[:20],
            },
        )

    def _count(
        self,
        batch: Batch,
        readings: dict[str, list[Row]],
        dead: list[store.DeadLetter],
        committed: list[store.Committed],
    ) -> None:
        m = self.metrics
        m.received += len(batch.entries)
        inserted = 0
        for c in committed:
            m.stored[c.kind] += c.rows
            inserted += c.rows
        m.duplicates += sum(len(r) for r in readings.values()) - inserted
        for letter in dead:
            m.dead_letters[letter.error_kind] += 1
        m.queued = len(self.session.inbox)
        m.mqtt_connected = self.session.connected
        if committed:
            m.reading_age_s = (datetime.now(UTC) - max(c.ts_max for c in committed)).total_seconds()
        if dead:
            log.warning(
                "messages dead-lettered",
                extra={"count": len(dead), "kinds": sorted({d.error_kind for d in dead})},
            )
        log.debug(
            "batch committed",
            extra={"messages": len(batch.entries), "inserted": inserted, "dead_letters": len(dead)},
        )
