"""The event-driven path: rules run when collectors commit readings.

Collectors record each committed batch in ``ingest_batches`` and ``NOTIFY vigie_ingest``. The
worker reads the batches committed after its cursor (less a margin, because batch ids and
commit times are taken before the commit), skips those it already handled, merges the rest
into windows per kind of reading and runs the rules that read that kind. The cursor is kept in
``worker_cursors``: a worker that was down catches up from where it stopped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg

from core.database import Connection
from rules import catalogue, store, store_worker
from rules.engine import run_rule
from rules.model import Rule, Source, Territory
from rules.store_worker import Batch

log = logging.getLogger(__name__)

CURSOR = "rules-readings"
MARGIN = timedelta(seconds=30)
SPLIT_GAP = timedelta(hours=1)
BATCHES_PER_PASS = 5_000
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Catchup:
    """What the reader has handled: its cursor and the ids inside the re-read margin."""

    cursor: datetime | None = None
    seen: dict[int, datetime] = field(default_factory=dict)


def windows(batches: list[Batch]) -> dict[Source, list[tuple[datetime, datetime]]]:
    """Reading windows per kind: batches merged unless an hour apart."""
    merged: dict[Source, list[tuple[datetime, datetime]]] = defaultdict(list)
    for batch in sorted(batches, key=lambda b: (b.kind, b.ts_min)):
        spans = merged[batch.kind]
        if spans and batch.ts_min - spans[-1][1] <= SPLIT_GAP:
            spans[-1] = (spans[-1][0], max(spans[-1][1], batch.ts_max))
        else:
            spans.append((batch.ts_min, batch.ts_max))
    return dict(merged)


def _run(
    conn: Connection,
    rule: Rule,
    territory: Territory,
    now: datetime,
    span: tuple[datetime, datetime],
) -> None:
    """Run one rule over one window; a rule that fails is logged and the others go on."""
    try:
        run_rule(conn, rule, territory, now=now, window=span, trigger="readings")
    except psycopg.OperationalError:
        raise
    except psycopg.Error:
        log.exception("rule failed", extra={"rule": rule.id, "territory": territory.code})


def skip_history(conn: Connection, before: datetime) -> bool:
    """Start the reading rules after the batches whose readings are all older than ``before``.

    History published before the rules start (a demo's years of cabinet meters, a backfill) is
    stored and rolled up but not judged: an alert on a reading of last year helps nobody, and
    readings spaced a day apart would read as gaps. Whether there was such a batch.
    """
    newest = store_worker.newest_batch_before(conn, before)
    if newest is None:
        return False
    last_id, committed_at = newest
    with conn.transaction():
        store_worker.save_cursor(conn, CURSOR, committed_at + MARGIN, last_id)
    return True


def handle_new_batches(conn: Connection, state: Catchup, now: datetime | None = None) -> int:
    """Run the reading rules over every batch not handled yet; return how many batches."""
    if state.cursor is None:
        state.cursor = store_worker.read_cursor(conn, CURSOR) or EPOCH
    fresh = [
        b
        for b in store_worker.batches_since(conn, state.cursor - MARGIN, BATCHES_PER_PASS)
        if b.id not in state.seen
    ]
    if not fresh:
        return 0
    clock = now or datetime.now(UTC)
    for territory in store.territories(conn):
        for kind, spans in windows(fresh).items():
            for rule in catalogue.reading(kind):
                for span in spans:
                    _run(conn, rule, territory, clock, span)
    newest = max(fresh, key=lambda b: (b.committed_at, b.id))
    state.cursor = max(state.cursor, newest.committed_at)
    state.seen.update({b.id: b.committed_at for b in fresh})
    state.seen = {i: c for i, c in state.seen.items() if c > state.cursor - MARGIN}
    with conn.transaction():
        store_worker.save_cursor(conn, CURSOR, state.cursor, newest.id)
    log.info(
        "readings evaluated",
        extra={"batches": len(fresh), "rows_from": fresh[0].committed_at.isoformat()},
    )
    return len(fresh)
