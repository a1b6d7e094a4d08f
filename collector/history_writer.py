"""The import's writer: batches committed in order, in a thread, while the next one is read.

Reading and checking rows is Python's work and writing them the database's; on a small server
the two overlap when the commit runs in a thread of its own (psycopg releases the GIL while it
waits for the server). One batch at most waits for the writer, so an import holds three
batches in memory at most: the one being read, the one waiting, the one being written.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from collector import store, store_history
from collector.ingest import Row
from core.database import Connection

log = logging.getLogger(__name__)

COLLECTOR: Final = "vigie-import"


@dataclass(frozen=True)
class Written:
    """What the commits so far did."""

    stored: int = 0
    repeated: int = 0  # rows whose key was already stored
    new_letters: int = 0


@dataclass(frozen=True)
class _Batch:
    kind: str
    rows: Sequence[Row]
    letters: Sequence[store.DeadLetter]


class BatchWriter:
    """Commits the batches it is given, one transaction each, in the order given."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self.written = Written()
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    def put(self, kind: str, rows: Sequence[Row], letters: Sequence[store.DeadLetter]) -> None:
        """Queue a batch (waits while another one waits); raises what a commit before raised."""
        self._raise()
        self._queue.put(_Batch(kind, rows, letters))

    def close(self) -> Written:
        """Wait for every queued batch to be committed; raises what a commit raised."""
        self._queue.put(None)
        self._thread.join()
        self._raise()
        return self.written

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: the reader learns of the error at its next put
            try:
                self._commit(batch)
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                self._error = exc

    def _commit(self, batch: _Batch) -> None:
        committed, kept = store_history.write_history(
            self._conn, batch.kind, batch.rows, batch.letters, COLLECTOR
        )
        stored = sum(c.rows for c in committed)
        done = self.written
        self.written = Written(
            done.stored + stored,
            done.repeated + len(batch.rows) - stored,
            done.new_letters + kept,
        )
