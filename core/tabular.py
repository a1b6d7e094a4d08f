"""Read the delimited text files cities export from spreadsheets and GIS tools.

One reader for every import (inventories, territory files, policy files, historical readings):

- the text is UTF-8 (a BOM is accepted) or, when it is not valid UTF-8, Windows-1252 (what a
  French spreadsheet saves as "CSV (séparateur: point-virgule)");
- the separator is the one of ``,``, ``;`` or tab that the header line holds most often;
- with ``;`` as separator, numbers may carry a decimal comma (``12,5``); ``decimal_number`` turns
  such a cell into the dotted form pydantic reads, and leaves every other cell as it is.

Rows come as ``(where, cells)``: ``where`` is "line N" (the physical line the row starts on, as a
person sees it in a text editor), ``cells`` maps the header's names to the non-empty cells. A
row with more cells than the header has keeps the surplus under ``EXTRA``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import InvalidInput

EXTRA = "\0extra"  # a key no real column can have
SEPARATORS = ",;\t"
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\u00a0|\u202f| )?(\d{3}(\u00a0|\u202f| )?)*|\d+),\d+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([\u00a0\u202f ]\d{3})+$")
_THIN_SPACES = str.maketrans("", "", "\u00a0\u202f ")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text, never runs: a leading ``'`` when it starts like a formula.

    A cell of user text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would
    be read as a formula by a spreadsheet (CSV injection).
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Table:
    """A delimited file's header, separator and encoding, and its rows in order."""

    header: list[str]
    separator: str
    encoding: str
    rows: list[tuple[str, dict[str, str]]]

    @property
    def decimal_comma(self) -> bool:
        """Whether numbers may use a decimal comma (a semicolon-separated file)."""
        return self.separator == ";"


def read_table(path: Path, *, max_bytes: int = 200 * 1024 * 1024) -> Table:
    """Read a whole delimited file; InvalidInput names what makes the file unusable."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.stat().st_size > max_bytes:
        raise InvalidInput(f"{path}: larger than {max_bytes // 2**20} MiB")
    text, encoding = decode(path.read_bytes())
    return parse_table(text, encoding=encoding, name=str(path))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with (UTF-8, else Windows-1252)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"neither UTF-8 nor Windows-1252 text (byte {exc.start} cannot be read)"
        ) from exc


def parse_table(text: str, *, encoding: str = "utf-8", name: str = "file") -> Table:
    """Split ``text`` into header and rows (see the module's docstring)."""
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InvalidInput(f"{name}: the first line must be a header naming the columns")
    separator = max(SEPARATORS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows: list[tuple[str, dict[str, str]]] = []
        line = reader.line_num + 1
        for cells in reader:
            where, line = f"line {line}", reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            row = {
                column: cell.strip()
                for column, cell in zip(header, cells, strict=False)
                if cell.strip()
            }
            if len(cells) > len(header):
                row[EXTRA] = separator.join(cells[len(header) :])
            rows.append((where, row))
    except csv.Error as exc:
        raise InvalidInput(f"{name}: unreadable CSV at line {reader.line_num}: {exc}") from exc
    return Table(header, separator, encoding, rows)


def decimal_number(cell: str) -> str:
    """``12,5`` → ``12.5``, ``1 234,5`` → ``1234.5``, ``3 990`` → ``3990``; others unchanged."""
    if _DECIMAL_COMMA.match(cell):
        return cell.translate(_THIN_SPACES).replace(",", ".")
    if _THOUSANDS.match(cell):
        return cell.translate(_THIN_SPACES)
    return cell
