"""Replaying dead letters once their cause is fixed (a device registered, a clock corrected).

A letter of a message is classified again as the collector would now; a letter of a file row
(``file:<name>:line <n>``) as ``vigie import readings`` would, without age limit. The readings
now valid are recorded as ingest batches per stretch of time (``store_history``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from collector import store, store_history
from collector.assets import Assets
from collector.history_rows import FILE_TOPIC, classify_letter
from collector.ingest import PAST, Accepted, Rejection, Row, Window, classify, now_window
from core.database import Connection

log = logging.getLogger(__name__)

PAGE = 1_000


@dataclass
class ReplayResult:
    """What a replay did: letters now stored, letters refused again (by error kind)."""

    stored: int = 0
    refused: dict[str, int] | None = None
    inserted_rows: int = 0


def replay_dead_letters(  # noqa: PLR0913 - keywords, as the CLI gives them
    conn: Connection,
    *,
    prefix: str,
    territory: str,
    collector: str,
    kind: str | None = None,
    limit: int | None = None,
    max_age: timedelta,
    max_ahead: timedelta,
) -> ReplayResult:
    """Classify pending dead letters again; store the valid ones and mark them replayed.

    ``max_age`` and ``max_ahead`` bound the times of messages as the collector's settings do;
    file rows are bound by ``max_ahead`` only, as an import is.
    """
    store.prepare(conn)
    replay = _Replay(conn, prefix, store.load_assets(conn, territory), collector)
    after_id, remaining = 0, limit
    while remaining is None or remaining > 0:
        page = min(PAGE, remaining) if remaining is not None else PAGE
        letters = store.pending_dead_letters(conn, kind=kind, after_id=after_id, limit=page)
        if not letters:
            break
        replay.page(letters, now_window(max_age, max_ahead))
        after_id = letters[-1].id
        if remaining is not None:
            remaining -= len(letters)
    result = replay.result
    log.info(
        "dead letters replayed",
        extra={"stored": result.stored, "refused": result.refused, "rows": result.inserted_rows},
    )
    return result


@dataclass
class _Replay:
    conn: Connection
    prefix: str
    assets: Assets
    collector: str
    result: ReplayResult = field(default_factory=lambda: ReplayResult(refused={}))

    def page(self, letters: list[store.StoredDeadLetter], window: Window) -> None:
        """Classify a page of letters again and store what is now valid, in one transaction."""
        files = Window(PAST, window.latest, None, window.max_ahead)
        readings: dict[str, list[Row]] = {"lamp": [], "cabinet": [], "meter": []}
        replayed: list[int] = []
        refused = self.result.refused
        assert refused is not None  # noqa: S101 - set by the factory
        with self.conn.transaction():
            for letter in letters:
                outcome = (
                    classify_letter(letter.payload, files, self.assets)
                    if letter.topic.startswith(FILE_TOPIC)
                    else classify(self.prefix, letter.topic, letter.payload, window, self.assets)
                )
                if isinstance(outcome, Accepted):
                    readings["lamp"] += outcome.lamps
                    readings["cabinet"] += outcome.cabinets
                    readings["meter"] += outcome.meters
                    replayed.append(letter.id)
                else:
                    assert isinstance(outcome, Rejection)  # noqa: S101 - classify's two outcomes
                    store.mark_retried(self.conn, letter.id, outcome.kind, outcome.reason)
                    refused[outcome.kind] = refused.get(outcome.kind, 0) + 1
            for table, rows in readings.items():
                if rows:
                    committed, _ = store_history.write_history(
                        self.conn, table, rows, [], self.collector
                    )
                    self.result.inserted_rows += sum(c.rows for c in committed)
            store.mark_replayed(self.conn, replayed)
        self.result.stored += len(replayed)
