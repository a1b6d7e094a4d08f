"""The collector's SQL for devices' message numbers: last ones kept, holes recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from psycopg import Cursor
from psycopg.rows import TupleRow

from collector.sequences import Device, Gap, gaps
from core.sql import Queries

QUERIES: Final = Queries.of_package("collector")


def record_sequences(
    cur: Cursor[TupleRow], sent: Mapping[Device, Sequence[int]], collector: str
) -> list[Gap]:
    """Compare a batch's numbers with each device's last one; keep the new last, record holes.

    Runs in the batch's transaction; the devices' rows stay locked until it commits.
    """
    if not sent:
        return []
    devices = sorted(sent)
    params = {"kinds": [kind for kind, _ in devices], "ids": [i for _, i in devices]}
    rows = cur.execute(QUERIES["last_sequences"], params).fetchall()
    last = {(str(kind), int(str(i))): int(str(seq)) for kind, i, seq in rows}
    found, newest = gaps(sent, last)
    if newest:
        saved = sorted(newest.items())
        cur.execute(
            QUERIES["save_sequences"],
            {
                "kinds": [kind for (kind, _), _ in saved],
                "ids": [i for (_, i), _ in saved],
                "lasts": [seq for _, seq in saved],
            },
        )
    if found:
        cur.execute(
            QUERIES["insert_sequence_gaps"],
            {
                "kinds": [g.kind for g in found],
                "ids": [g.device_id for g in found],
                "afters": [g.after for g in found],
                "befores": [g.before for g in found],
                "collector": collector,
            },
        )
    return found
