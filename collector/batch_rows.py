"""What a batch of messages becomes, and its writes: readings by table, dead letters, numbers.

The batch loop (``collector.batches``) takes messages into a ``Batch``; these functions turn it
into the rows of each readings table (each key once), its dead letters and its devices' message
numbers, and write them through ``collector.store``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from collector import store
from collector.ingest import Accepted, Rejection, Row, Window
from collector.mqtt_packets import Message
from collector.sequences import Device, Gap
from core.database import Connection

PRUNE_PAGE: Final = 10_000  # dead letters deleted per transaction (store.prune_dead_letters)


@dataclass
class Batch:
    """Messages taken since the last commit and what they became."""

    window: Window
    started: float
    entries: list[tuple[Message, Accepted | Rejection]] = field(default_factory=list)
    rows: int = 0


def prune_before(conn: Connection, *, before: datetime) -> int:
    """Delete the dead letters received before ``before``, a page per transaction."""
    pruned = 0
    while True:
        with conn.transaction():
            count = store.prune_dead_letters(conn, before)
        pruned += count
        if count < PRUNE_PAGE:
            return pruned


def sequences_of(batch: Batch) -> dict[Device, list[int]]:
    """The message numbers of the batch's messages from known devices, stored or refused."""
    sent: dict[Device, list[int]] = {}
    for _message, outcome in batch.entries:
        if outcome.sequence is not None:
            kind, device_id, seq = outcome.sequence
            sent.setdefault((kind, device_id), []).append(seq)
    return sent


def write_numbered(
    conn: Connection,
    *,
    readings: dict[str, list[Row]],
    dead: list[store.DeadLetter],
    collector: str,
    sequences: dict[Device, list[int]],
) -> tuple[list[store.Committed], list[Gap]]:
    """Write a batch with its devices' numbers; return what was stored and the holes found."""
    gaps: list[Gap] = []
    committed = store.write_batch(conn, readings, dead, collector, sequences=sequences, gaps=gaps)
    return committed, gaps


def write_plain(
    conn: Connection,
    *,
    readings: dict[str, list[Row]],
    dead: list[store.DeadLetter],
    collector: str,
) -> list[store.Committed]:
    """Write readings and dead letters, without numbers (one message at a time)."""
    return store.write_batch(conn, readings, dead, collector)


def tables_of(batch: Batch) -> tuple[dict[str, list[Row]], list[store.DeadLetter]]:
    """The batch's readings by table, each key once (the first copy wins), and its dead letters."""
    lamps: dict[tuple[object, object], Row] = {}
    cabinets: dict[tuple[object, object], Row] = {}
    meters: dict[tuple[object, object], Row] = {}
    dead: list[store.DeadLetter] = []
    for message, outcome in batch.entries:
        if type(outcome) is Accepted:
            for row in outcome.lamps:
                lamps.setdefault((row[0], row[1]), row)
            for row in outcome.cabinets:
                cabinets.setdefault((row[0], row[1]), row)
            for row in outcome.meters:
                meters.setdefault((row[0], row[1]), row)
        else:
            assert isinstance(outcome, Rejection)  # noqa: S101 - the two outcomes of classify
            dead.append(dead_letter_of(message, outcome))
    readings = {
        "lamp": list(lamps.values()),
        "cabinet": list(cabinets.values()),
        "meter": list(meters.values()),
    }
    return readings, dead


def topic_text(message: Message) -> str:
    """The topic as text; empty (never a measurement topic) when it is not UTF-8."""
    try:
        return message.topic.decode()
    except UnicodeDecodeError:
        return ""


def dead_letter_of(message: Message, rejection: Rejection) -> store.DeadLetter:
    """The dead letter of a refused message."""
    topic = topic_text(message) or repr(message.topic)  # the raw bytes when they are not UTF-8
    return store.DeadLetter(topic, message.payload, rejection.kind, rejection.reason)
