"""Daily temperatures read from CSV: every bad row named, nothing half-read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aggregation.temperatures import read_temperatures
from core.errors import InvalidInput


def test_good_file_is_read(tmp_path: Path) -> None:
    """Each row becomes a day with its minimum and maximum."""
    path = tmp_path / "t.csv"
    path.write_text("day,tmin_c,tmax_c\n2025-01-01,-2.5,6\n2025-01-02,0,8.5\n", encoding="utf-8")
    found = read_temperatures(path)
    assert [(t.day, t.tmin_c, t.tmax_c) for t in found] == [
        (date(2025, 1, 1), -2.5, 6.0),
        (date(2025, 1, 2), 0.0, 8.5),
    ]


def test_every_bad_row_is_named(tmp_path: Path) -> None:
    """A bad date, a minimum above the maximum and a missing value are each reported."""
    path = tmp_path / "t.csv"
    path.write_text(
        "day,tmin_c,tmax_c\n2025-13-01,1,2\n2025-01-02,9,3\n2025-01-03,,4\n2025-01-04,1,2\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        read_temperatures(path)
    assert [p.where for p in caught.value.problems] == ["t.csv:2", "t.csv:3", "t.csv:4"]


def test_wrong_header_is_refused(tmp_path: Path) -> None:
    """A file without the expected header is refused as a whole."""
    path = tmp_path / "t.csv"
    path.write_text("date,min,max\n2025-01-01,1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="header"):
        read_temperatures(path)
