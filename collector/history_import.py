"""``vigie import readings``: years of readings from files, stored the way the collector stores.

Every header is checked before anything is written. Then each file is streamed: its rows are
read as the collector reads messages (``history_rows``), the readings gathered into batches of
``batch_rows`` with distinct keys (a row repeated in the file is stored once, the first one
wins), and each batch committed in one transaction with its dead letters, its ingest batches
and the ``NOTIFY vigie_ingest`` (``store_history``), by a writer thread while the next batch is
read (``history_writer``). A reading already stored is not stored again, so an interrupted
import resumes by running it again, and a second run stores nothing.

A file whose first ``probe_rows`` rows (or all its rows, when fewer) are every one refused is not
imported at all: it is the wrong file, or the wrong territory, not a file with a few bad rows.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from collector import store
from collector.assets import Assets
from collector.history_files import TableStream, open_table
from collector.history_rows import FILE_TOPIC, Layout, RowReader, layout_of, letter_payload
from collector.history_times import Timestamps
from collector.history_writer import BatchWriter, Written
from collector.ingest import Accepted, Rejection, Row, Window
from collector.topics import Kind
from core.database import Connection
from core.errors import InvalidInput, Problem

log = logging.getLogger(__name__)

SHOWN_PROBLEMS: Final = 10
_TABLE_OF: Final = {Kind.LAMP: 0, Kind.CABINET: 1, Kind.METER: 2}  # index in Accepted


@dataclass(frozen=True)
class ImportOptions:
    """How rows are read and committed."""

    max_ahead: timedelta
    timezone: ZoneInfo | None = None
    batch_rows: int = 20_000
    probe_rows: int = 1_000
    progress_every_s: float = 1.0


@dataclass
class FileResult:
    """What the import of one file did."""

    name: str
    kind: str
    read: int = 0
    stored: int = 0
    repeated: int = 0  # already stored, or earlier in the same file
    refused: Counter[str] = field(default_factory=Counter)
    new_letters: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first refused rows
    fraction: float = 0.0
    seconds: float = 0.0


Progress = Callable[[FileResult], None]  # called about once a second, last with fraction 1.0


def import_readings(
    conn: Connection,
    paths: Sequence[Path],
    territory: str,
    options: ImportOptions,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Import every file in order, yielding each one's result once it is done.

    Raises InvalidInput, before anything is written, when a file cannot be opened or its
    header read; and for a file whose first rows are all refused (the files before it stay).
    """
    files = _check_all(paths)
    store.prepare(conn)
    assets = store.load_assets(conn, territory)
    for path, layout, encoding in files:
        table = open_table(path, encoding)
        try:
            yield _import_file(conn, (table, layout), assets, options, progress)
        finally:
            table.close()


def _check_all(paths: Sequence[Path]) -> list[tuple[Path, Layout, str]]:
    """Each file's layout and encoding; InvalidInput lists the problems of every file."""
    checked: list[tuple[Path, Layout, str]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            table = open_table(path)
        except InvalidInput as exc:
            problems += exc.problems
            continue
        try:
            checked.append((path, layout_of(table.name, table.header), table.encoding))
        except InvalidInput as exc:
            problems += exc.problems
        finally:
            table.close()
    if problems:
        raise InvalidInput("nothing imported: a file cannot be read", problems)
    return checked


@dataclass
class _Batch:
    """Readings (by key, the first one wins) and dead letters waiting for their commit."""

    rows: dict[tuple[object, object], Row] = field(default_factory=dict)
    letters: list[store.DeadLetter] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) + len(self.letters)


def _import_file(
    conn: Connection,
    opened: tuple[TableStream, Layout],
    assets: Assets,
    options: ImportOptions,
    progress: Progress | None,
) -> FileResult:
    table, layout = opened
    started = time.monotonic()
    window = Window.until(datetime.now(UTC), max_ahead=options.max_ahead)
    reader = RowReader(layout, table.decimal_comma, Timestamps(options.timezone), window, assets)
    run = _FileRun(table.name, reader, FileResult(table.name, layout.kind.value))
    writer = BatchWriter(conn)
    try:
        probing, shown = True, started
        for line, cells in table.rows():
            if run.take(line, cells):
                probing = False
            elif probing and run.result.read >= options.probe_rows:
                raise run.unusable()
            if not probing and len(run.batch) >= options.batch_rows:
                run.hand_over(writer)
                if progress is not None and time.monotonic() - shown >= options.progress_every_s:
                    run.count(writer.written, table.position() / max(table.size, 1))
                    progress(run.result)
                    shown = time.monotonic()
        if probing and run.result.read:
            raise run.unusable()
        run.hand_over(writer)
    finally:
        written = writer.close()
    run.count(written, 1.0)
    run.result.seconds = time.monotonic() - started
    if progress is not None:
        progress(run.result)  # the last call: the file is done
    _log(run.result)
    return run.result


@dataclass
class _FileRun:
    """The rows of one file on their way to the database."""

    name: str
    reader: RowReader
    result: FileResult
    batch: _Batch = field(default_factory=_Batch)
    repeated_in_file: int = 0

    def take(self, line: int, cells: dict[str, str]) -> bool:
        """Classify one row into the batch; whether it gave readings."""
        self.result.read += 1
        outcome = self.reader.classify(cells)
        if type(outcome) is Accepted:
            rows = self.batch.rows
            tables = (outcome.lamps, outcome.cabinets, outcome.meters)
            for row in tables[_TABLE_OF[self.reader.layout.kind]]:
                if rows.setdefault((row[0], row[1]), row) is not row:
                    self.repeated_in_file += 1
            return True
        assert isinstance(outcome, Rejection)  # noqa: S101 - classify's two outcomes
        self.result.refused[outcome.kind] += 1
        if len(self.result.problems) < SHOWN_PROBLEMS:
            self.result.problems.append(
                Problem(f"{self.name}: line {line}", f"{outcome.kind}: {outcome.reason}")
            )
        payload = letter_payload(self.reader, cells)
        self.batch.letters.append(
            store.DeadLetter(
                f"{FILE_TOPIC}{self.name}:line {line}", payload, outcome.kind, outcome.reason
            )
        )
        return False

    def hand_over(self, writer: BatchWriter) -> None:
        """Give the batch to the writer and start a new one."""
        batch, self.batch = self.batch, _Batch()
        if len(batch):
            writer.put(self.reader.layout.kind.value, list(batch.rows.values()), batch.letters)

    def count(self, written: Written, fraction: float) -> None:
        """Bring the result up to what the writer committed."""
        self.result.stored = written.stored
        self.result.repeated = self.repeated_in_file + written.repeated
        self.result.new_letters = written.new_letters
        self.result.fraction = fraction

    def unusable(self) -> InvalidInput:
        """The error of a file whose every row so far is refused."""
        return InvalidInput(
            f"{self.name}: nothing imported: each of its first {self.result.read} rows is refused",
            self.result.problems,
        )


def _log(result: FileResult) -> None:
    log.info(
        "history imported",
        extra={
            "file": result.name,
            "kind": result.kind,
            "read": result.read,
            "stored": result.stored,
            "repeated": result.repeated,
            "refused": dict(result.refused),
            "new_dead_letters": result.new_letters,
            "seconds": round(result.seconds, 1),
        },
    )
