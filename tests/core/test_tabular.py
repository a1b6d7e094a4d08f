"""The delimited-file reader every import shares: encodings, separators, decimal commas."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InvalidInput
from core.tabular import EXTRA, decimal_number, parse_table, read_table


def test_french_spreadsheet_export_is_read(tmp_path: Path) -> None:
    """Semicolons, Windows-1252 accents and decimal commas: a French CSV export reads as text."""
    path = tmp_path / "export.csv"
    path.write_bytes("code;nom;puissance\r\nA-1;Rue de l'Église;70,5\r\n".encode("cp1252"))
    table = read_table(path)
    assert (table.separator, table.encoding, table.decimal_comma) == (";", "windows-1252", True)
    row = {"code": "A-1", "nom": "Rue de l'Église", "puissance": "70,5"}
    assert table.rows == [("line 2", row)]
    assert decimal_number(table.rows[0][1]["puissance"]) == "70.5"


def test_utf8_with_bom_and_commas(tmp_path: Path) -> None:
    """A UTF-8 file with a BOM and commas keeps its header clean."""
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffcode,power\nA-1,70.5\n".encode())
    table = read_table(path)
    assert (table.header, table.separator, table.encoding) == (["code", "power"], ",", "utf-8")


def test_rows_are_numbered_by_their_first_physical_line() -> None:
    """A quoted cell over two lines does not shift the numbers of the rows after it."""
    table = parse_table('code,note\nA,"two\nlines"\n\nB,x,surplus\n')
    assert [w for w, _ in table.rows] == ["line 2", "line 5"]
    assert table.rows[1][1][EXTRA] == "surplus"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("12,5", "12.5"), ("-0,25", "-0.25"), ("1 234,5", "1234.5"), ("1\u202f234,5", "1234.5"),
     ("12.5", "12.5"), ("a,b", "a,b"), ("2024-01-01", "2024-01-01"), ("1,2,3", "1,2,3"),
     ("3 990", "3990"), ("12 34", "12 34")],
)  # fmt: skip
def test_decimal_comma(cell: str, expected: str) -> None:
    """Only a number written with a decimal comma changes."""
    assert decimal_number(cell) == expected


def test_a_file_without_header_is_refused() -> None:
    """An empty first line cannot name the columns."""
    with pytest.raises(InvalidInput, match="header"):
        parse_table("\nA,1\n")
