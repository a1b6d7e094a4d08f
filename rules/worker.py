"""``vigie work``: the rules worker.

The main thread listens for ``NOTIFY vigie_ingest`` and runs the reading rules over the new
batches (one worker at a time holds the readings lock; the others stand by). APScheduler runs
the scheduled rules, notification delivery, escalation, the daily digest and the readings
tables' partitions (plain PostgreSQL) in background threads: jobs never overlap
(``max_instances=1``, ``coalesce``), a PostgreSQL advisory lock per job keeps two workers from
running the same job, and each rule resumes from its last run in ``rule_runs`` after a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.database import Connection, connect, open_pool
from core.errors import DatabaseUnavailable, VigieError
from core.links import signer_of
from core.settings import Settings
from core.storage import partitions
from rules import catalogue, lifecycle, notify, store, store_worker
from rules.engine import job_name, run_rule
from rules.health import serve_health
from rules.model import Rule, Territory
from rules.readings import CURSOR, Catchup, handle_new_batches
from rules.senders import EmailSender, Sender, WebhookSender

log = logging.getLogger(__name__)

NOTIFY_EVERY = timedelta(seconds=10)
ESCALATE_EVERY = timedelta(minutes=1)
PARTITIONS_EVERY = timedelta(hours=1)  # a week's partition is made two weeks ahead
RECONNECT_S = 5.0


class Worker:
    """The rules worker of one process; ``run`` blocks until ``stop`` is called."""

    def __init__(
        self,
        settings: Settings,
        *,
        poll_s: float = 5.0,
        health: tuple[str, int] | None = None,
    ) -> None:
        self.settings = settings
        self.poll_s = poll_s
        self.health = health  # (host, port) of /health, or None to serve none
        self.stopping = threading.Event()
        self.catchup = Catchup()
        self.pool = open_pool(settings.database_url, max_size=4, application="vigie-work")
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
        )
        secret = settings.alert_webhook_secret
        self.senders: dict[str, Sender] = {
            "email": EmailSender(settings),
            "webhook": WebhookSender(secret.get_secret_value() if secret else ""),
        }
        self.channels = notify.Channels(
            email=True,
            webhook_url=settings.alert_webhook_url,
            signer=signer_of(settings),
            web_url=settings.public_api_url,
            grafana_url=settings.grafana_url,
        )

    def run(self) -> None:
        """Schedule the jobs, then listen for readings until stopped."""
        # Our own line per run says what a job did; APScheduler's per-job lines are noise.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.WARNING)
        self.schedule(datetime.now(UTC))
        if self.health is not None:
            try:
                serve_health(self.pool, *self.health)
            except OSError:  # a port taken must not stop the rules: the probe fails instead
                log.warning(
                    "health not served", extra={"host": self.health[0], "port": self.health[1]}
                )
        self.scheduler.start()
        log.info("rules worker started", extra={"jobs": len(self.scheduler.get_jobs())})
        try:
            self._listen()
        finally:
            self.scheduler.shutdown(wait=True)
            self.pool.close()
            log.info("rules worker stopped")

    def stop(self) -> None:
        """Ask ``run`` to return (within one poll interval)."""
        self.stopping.set()

    def schedule(self, now: datetime) -> None:
        """Add every job; a rule starts one period after its last recorded run, or now."""
        with self.pool.connection() as conn:
            conn.autocommit = True
            for territory in store.territories(conn):
                for rule in catalogue.scheduled():
                    self._schedule_rule(conn, rule, territory, now)
        self._add("notify", IntervalTrigger(seconds=NOTIFY_EVERY.total_seconds()), self._notify)
        self._add(
            "escalate", IntervalTrigger(seconds=ESCALATE_EVERY.total_seconds()), self._escalate
        )
        self._add("digest", CronTrigger(hour=7, timezone="Europe/Paris"), self._digest)
        self._add(
            "partitions",
            IntervalTrigger(seconds=PARTITIONS_EVERY.total_seconds()),
            self._maintain_partitions,
            now,
        )

    def _schedule_rule(
        self, conn: Connection, rule: Rule, territory: Territory, now: datetime
    ) -> None:
        assert rule.every is not None  # noqa: S101 - catalogue.scheduled() only gives these
        name = job_name(rule, territory)
        last = store_worker.last_run(conn, name)
        first = now if last is None else max(now, last + rule.every)

        def job(conn: Connection) -> None:
            run_rule(conn, rule, territory, now=datetime.now(UTC), trigger="schedule")

        trigger = IntervalTrigger(seconds=rule.every.total_seconds(), start_date=first)
        self._add(name, trigger, job, first)

    def _add(
        self,
        name: str,
        trigger: object,
        work: Callable[[Connection], object],
        first: datetime | None = None,
    ) -> None:
        options = {"next_run_time": first} if first else {}
        self.scheduler.add_job(
            self.locked, trigger, args=[name, work], id=name, name=name, **options
        )

    def locked(self, name: str, work: Callable[[Connection], object]) -> None:
        """Run ``work`` under the job's advisory lock; skip when another worker holds it."""
        try:
            with self.pool.connection() as conn:
                conn.autocommit = True
                if not store_worker.try_lock(conn, name):
                    log.info("job skipped", extra={"job": name, "reason": "running elsewhere"})
                    return
                try:
                    work(conn)
                finally:
                    store_worker.unlock(conn, name)
        except (VigieError, psycopg.Error):
            log.exception("job failed", extra={"job": name})

    def _notify(self, conn: Connection) -> None:
        now = datetime.now(UTC)
        s = self.settings
        for kind in ("alert", "escalation"):
            notify.queue(
                conn,
                kind,
                self.channels,
                now=now,
                group_wait_s=s.alert_group_wait_s,
                digest_max_severity=s.alert_digest_max_severity,
            )
        notify.deliver_due(conn, self.senders, now=now, max_attempts=s.notify_max_attempts)

    def _escalate(self, conn: Connection) -> None:
        lifecycle.escalate(conn, self.settings.alert_escalate_after_min)

    def _digest(self, conn: Connection) -> None:
        notify.queue(
            conn,
            "digest",
            self.channels,
            now=datetime.now(UTC),
            digest_max_severity=self.settings.alert_digest_max_severity,
        )

    def _maintain_partitions(self, conn: Connection) -> None:
        """Periods ahead created, periods past the retention dropped (plain PostgreSQL only)."""
        done = partitions.maintain(conn)
        if any(t.created or t.dropped for t in done):
            log.info(
                "partitions maintained",
                extra={
                    "partitions_created": {t.table: t.created for t in done if t.created},
                    "partitions_dropped": {t.table: t.dropped for t in done if t.dropped},
                },
            )

    def _listen(self) -> None:
        """Wake on NOTIFY (or every ``poll_s``) and handle new batches while leader."""
        while not self.stopping.is_set():
            try:
                with connect(
                    self.settings.database_url, autocommit=True, application="vigie-work-listen"
                ) as conn:
                    store_worker.listen_ingest(conn)
                    self._serve(conn)
            except (DatabaseUnavailable, psycopg.OperationalError):
                log.warning("database unavailable; retrying", extra={"retry_s": RECONNECT_S})
                self.stopping.wait(RECONNECT_S)

    def _serve(self, conn: Connection) -> None:
        leader = False
        while not self.stopping.is_set():
            leader = leader or store_worker.try_lock(conn, CURSOR)
            if leader:
                handle_new_batches(conn, self.catchup)
            for _ in conn.notifies(timeout=self.poll_s, stop_after=1):
                pass
