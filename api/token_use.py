"""When each token was last used, recorded beside the requests, never inside their transaction.

A request notes its token's id; a thread of its own writes the ids noted, at most once a minute
per token, in a short transaction of its own. A request never waits for the write, nor for a
lock on its token's row.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Final

from psycopg_pool import ConnectionPool

from api import store

log = logging.getLogger(__name__)

EVERY_S: Final = 60.0
STOP: Final = -1


class TokenUse:
    """Notes token ids as requests use them; ``start`` writes them until ``stop``."""

    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        self._noted: dict[int, float] = {}
        self._queue: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="token-use", daemon=True)

    def note(self, token_id: int) -> None:
        """Record that ``token_id`` was used now (written within a moment, once a minute)."""
        now = time.monotonic()
        last = self._noted.get(token_id)
        if last is not None and now - last < EVERY_S:
            return
        self._noted[token_id] = now
        self._queue.put(token_id)

    def start(self) -> None:
        """Start writing."""
        self._thread.start()

    def stop(self) -> None:
        """Write what is noted, then end the thread."""
        self._queue.put(STOP)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            ids = {self._queue.get()}
            while not self._queue.empty():
                ids.add(self._queue.get())
            done = STOP in ids
            ids.discard(STOP)
            if ids:
                self._write(sorted(ids))
            if done:
                return

    def _write(self, ids: list[int]) -> None:
        try:
            with self.pool.connection(timeout=5) as conn:
                store.touch_tokens(conn, ids)
        except Exception as exc:  # noqa: BLE001 - a missed "last used" is logged, never raised
            log.info("token use not recorded", extra={"tokens": len(ids), "error": str(exc)})
