"""Stream a delimited file of readings, one row at a time, by the rules of ``core.tabular``.

``core.tabular`` reads a whole file into memory; a city's history can be a hundred million
rows, so this reader keeps one row at a time and follows the same rules:

- the text is UTF-8 (a BOM is accepted) or, when the file is not valid UTF-8, Windows-1252 (a
  first pass reads the bytes in blocks to decide, as ``core.tabular.decode`` does on the whole);
- the separator is the one of ``,``, ``;`` or tab that the header line holds most often, and a
  ``;`` file may write numbers with a decimal comma (``core.tabular.decimal_number``);
- a row is numbered by the physical line it starts on, empty rows are skipped, cells are
  stripped and empty cells left out, and a row with more cells than the header keeps the
  surplus under ``core.tabular.EXTRA``.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from core.errors import InvalidInput, Problem
from core.tabular import EXTRA, SEPARATORS

BLOCK: Final = 1 << 20
_ENCODINGS: Final = {"utf-8": "utf-8-sig", "windows-1252": "cp1252"}  # name: Python codec
MAX_HEADER_CHARS: Final = 10_000


@dataclass
class TableStream:
    """An open delimited file: its header and the position of its rows."""

    name: str
    header: list[str]
    separator: str
    encoding: str
    size: int
    _handle: IO[str]

    @property
    def decimal_comma(self) -> bool:
        """Whether numbers may use a decimal comma (a semicolon-separated file)."""
        return self.separator == ";"

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(line, cells)`` of every non-empty row after the header, in file order."""
        reader = csv.reader(self._handle, delimiter=self.separator)
        header, width, extra = self.header, len(self.header), EXTRA
        line = 2
        try:
            for cells in reader:
                start, line = line, reader.line_num + 2
                row = {c: v for c, cell in zip(header, cells, strict=False) if (v := cell.strip())}
                if len(cells) > width:
                    surplus = self.separator.join(cells[width:])
                    if surplus.strip(self.separator + " "):
                        row[extra] = surplus
                if row:
                    yield start, row
        except csv.Error as exc:
            where = f"{self.name}: line {line}"
            raise InvalidInput(
                f"{where}: unreadable CSV: {exc}", [Problem(where, f"unreadable CSV: {exc}")]
            ) from exc

    def position(self) -> int:
        """Bytes read so far (ahead of the rows yielded by at most a read buffer)."""
        return self._handle.buffer.tell()  # type: ignore[attr-defined,no-any-return] # a TextIOWrapper

    def close(self) -> None:
        """Close the file."""
        self._handle.close()


def open_table(path: Path, encoding: str | None = None) -> TableStream:
    """Open ``path`` and read its header; InvalidInput names what makes the file unusable.

    ``encoding`` is the one an earlier opening found (``TableStream.encoding``); without it the
    file is read once to find it.
    """
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", [Problem(str(path), "no such file")])
    encoding = _ENCODINGS[encoding] if encoding else _encoding(path)
    handle = path.open(encoding=encoding, newline="")
    first = handle.readline(MAX_HEADER_CHARS)
    if not first.strip():
        handle.close()
        where = f"{path.name}: line 1"
        reason = "the first line must be a header naming the columns"
        raise InvalidInput(f"{where}: {reason}", [Problem(where, reason)])
    separator = max(SEPARATORS, key=first.count)
    header = [cell.strip() for cell in next(csv.reader([first], delimiter=separator))]
    name = next(k for k, v in _ENCODINGS.items() if v == encoding)
    return TableStream(path.name, header, separator, name, path.stat().st_size, handle)


def _encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file is valid UTF-8, else ``cp1252``; read in blocks."""
    if _decodes(path, "utf-8") is None:
        return "utf-8-sig"
    if (offset := _decodes(path, "cp1252")) is None:
        return "cp1252"
    reason = f"neither UTF-8 nor Windows-1252 text (byte {offset} cannot be read)"
    raise InvalidInput(f"{path.name}: {reason}", [Problem(path.name, reason)])


def _decodes(path: Path, encoding: str) -> int | None:
    """None when the whole file decodes, else the offset of the first byte that does not."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(BLOCK):
                decoder.decode(block)
                done += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return done + exc.start
    return None
