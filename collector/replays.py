"""Replaying dead letters once their cause is fixed (a device registered, a clock corrected)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from collector import store
from collector.ingest import Accepted, Rejection, classify, now_window
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

    ``max_age`` and ``max_ahead`` bound the measurement times as the collector's settings do.
    """
    store.prepare(conn)
    assets = store.load_assets(conn, territory)
    result = ReplayResult(refused={})
    refused: dict[str, int] = {}
    after_id, remaining = 0, limit
    while remaining is None or remaining > 0:
        page = min(PAGE, remaining) if remaining is not None else PAGE
        letters = store.pending_dead_letters(conn, kind=kind, after_id=after_id, limit=page)
        if not letters:
            break
        window = now_window(max_age, max_ahead)
        readings: dict[str, list[tuple[object, ...]]] = {"lamp": [], "cabinet": [], "meter": []}
        replayed: list[int] = []
        with conn.transaction():
            for letter in letters:
                outcome = classify(prefix, letter.topic, letter.payload, window, assets)
                if isinstance(outcome, Accepted):
                    readings["lamp"] += outcome.lamps
                    readings["cabinet"] += outcome.cabinets
                    readings["meter"] += outcome.meters
                    replayed.append(letter.id)
                else:
                    assert isinstance(outcome, Rejection)  # noqa: S101 - classify's two outcomes
                    store.mark_retried(conn, letter.id, outcome.kind, outcome.reason)
                    refused[outcome.kind] = refused.get(outcome.kind, 0) + 1
            committed = store.write_batch(conn, readings, [], collector)
            store.mark_replayed(conn, replayed)
        result.stored += len(replayed)
        result.inserted_rows += sum(c.rows for c in committed)
        after_id = letters[-1].id
        if remaining is not None:
            remaining -= len(letters)
    result.refused = refused
    log.info(
        "dead letters replayed",
        extra={"stored": result.stored, "refused": refused, "rows": result.inserted_rows},
    )
    return result
