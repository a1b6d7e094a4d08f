"""``vigie aggregate --follow``: rollups on every ingest notification, evaluation every hour.

One follower works at a time (a session advisory lock); others wait as standbys. On each
``NOTIFY vigie_ingest`` (or every ``poll_s`` without one) the rollups the new batches touch are
recomputed; every ``daily_s`` the cabinets' days they marked; every ``evaluate_s`` the effects,
this month's and this year's indicators and the météo are computed again.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, date, datetime, timedelta

import psycopg

from aggregation import effects, indicators, jobs, store, weather_reports
from core.database import Connection, connect
from core.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

RECONNECT_S = 5.0


def evaluate(conn: Connection, on: date) -> None:
    """Effects, the indicators of the current month and year, then the météo, per territory."""
    for territory in store.territories(conn):
        effects.compute_effects(conn, territory, on)
        for period in ("month", "year"):
            indicators.compute_indicators(conn, territory, period, on, on + timedelta(days=1))
        weather_reports.report_weather(conn, territory, on)


class Follower:
    """The long-running aggregation loop."""

    def __init__(
        self,
        url: str,
        *,
        poll_s: float = 5.0,
        evaluate_s: float = 3600.0,
        daily_s: float = 300.0,
        settle_s: float = 1.0,
    ) -> None:
        self.url = url
        self.poll_s = poll_s
        self.evaluate_s = evaluate_s
        self.daily_s = daily_s
        self.settle_s = settle_s
        self.stopping = threading.Event()

    def stop(self) -> None:
        """Ask the loop to end after its current step."""
        self.stopping.set()

    def run(self) -> None:
        """Follow until stopped, reconnecting when the database goes away."""
        while not self.stopping.is_set():
            try:
                with connect(self.url, autocommit=True, application="vigie-aggregate") as conn:
                    store.listen_ingest(conn)
                    self._serve(conn)
            except (DatabaseUnavailable, psycopg.OperationalError):
                log.warning("database unavailable; retrying", extra={"retry_s": RECONNECT_S})
                self.stopping.wait(RECONNECT_S)

    def _serve(self, conn: Connection) -> None:
        leader = False
        evaluated: float | None = None
        daily: float | None = None
        while not self.stopping.is_set():
            leader = leader or store.try_lock(conn)
            if leader:
                jobs.aggregate_pending(conn, daily=False)
                due = evaluated is None or time.monotonic() - evaluated >= self.evaluate_s
                if due or daily is None or time.monotonic() - daily >= self.daily_s:
                    jobs.recompute_daily(conn)
                    daily = time.monotonic()
                if due:
                    evaluate(conn, datetime.now(UTC).date())
                    evaluated = time.monotonic()
            notified = sum(1 for _ in conn.notifies(timeout=self.poll_s, stop_after=1))
            if notified and self.settle_s > 0:
                # Let the batches committed right behind this one arrive: a bulk import or a
                # backlog is then recomputed in a few large windows, not once per batch.
                for _ in conn.notifies(timeout=self.settle_s):
                    pass
