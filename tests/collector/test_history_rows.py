"""Reading history files: headers, times, cells to the collector's rows, and the file stream."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collector.assets import Assets, Meter
from collector.history_files import open_table
from collector.history_rows import (
    DEVICE_COLUMNS,
    RowReader,
    classify_letter,
    layout_of,
    letter_payload,
    value_columns,
)
from collector.history_times import Timestamps
from collector.ingest import REASONS, Accepted, Rejection, Window
from collector.store_history import stretches
from core.errors import InvalidInput
from core.tabular import EXTRA

NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
WINDOW = Window.until(NOW, max_ahead=timedelta(minutes=5))
ASSETS = Assets(
    points={"P1": 1},
    point_cabinets={1: 10},
    cabinets={"C1": 10},
    meters={"M-ELEC": Meter(5, "electricity", "Wh"), "M-GAS": Meter(6, "gas", "kWh")},
)
PARIS = ZoneInfo("Europe/Paris")


def _reader(header: list[str], *, zone: ZoneInfo | None = None, comma: bool = False) -> RowReader:
    return RowReader(layout_of("f.csv", header), comma, Timestamps(zone), WINDOW, ASSETS)


@pytest.mark.parametrize(
    ("cell", "instant"),
    [
        ("2024-01-15T22:40:00Z", datetime(2024, 1, 15, 22, 40, tzinfo=UTC)),
        ("2024-01-15 23:40+01:00", datetime(2024, 1, 15, 22, 40, tzinfo=UTC)),
        ("2024-07-15T22:40:00.5+02:00", datetime(2024, 7, 15, 20, 40, 0, 500_000, tzinfo=UTC)),
        ("15/01/2024 22:40", datetime(2024, 1, 15, 21, 40, tzinfo=UTC)),
        ("15/07/2024 22:40:30", datetime(2024, 7, 15, 20, 40, 30, tzinfo=UTC)),
        ("2024-07-15", datetime(2024, 7, 14, 22, tzinfo=UTC)),
        ("1/2/2024", datetime(2024, 1, 31, 23, tzinfo=UTC)),
    ],
)
def test_times_with_an_offset_or_in_the_given_zone(cell: str, instant: datetime) -> None:
    """ISO 8601 with its offset, else local time of the zone, day first when written with '/'."""
    assert Timestamps(PARIS).instant(cell) == instant


@pytest.mark.parametrize(
    ("cell", "zone", "kind"),
    [
        ("2024-01-15T22:40:00", None, "ts_naive"),
        ("15/01/2024 22:40", None, "ts_naive"),
        ("2024-02-30T00:00:00Z", PARIS, "ts_invalid"),
        ("2016-12-31T23:59:60Z", PARIS, "ts_invalid"),
        ("01/15/2024 22:40", PARIS, "ts_invalid"),
        ("1705358400", PARIS, "ts_invalid"),
        ("31/03/2024 02:30", PARIS, "ts_invalid"),
        ("27/10/2024 02:30", PARIS, "ts_invalid"),
        ("0001-01-01T00:00:00+01:00", None, "ts_invalid"),
        ("0001-01-01 00:00", PARIS, "ts_invalid"),
        ("9999-12-31T23:59:59-01:00", None, "ts_invalid"),
    ],
)
def test_times_that_name_no_single_instant_are_refused(
    cell: str, zone: ZoneInfo | None, kind: str
) -> None:
    """No offset and no zone, no such date, a US date, a local time skipped or repeated."""
    outcome = Timestamps(zone).instant(cell)
    assert isinstance(outcome, Rejection)
    assert outcome.kind == kind


def test_a_meter_value_is_read_as_its_registered_quantity_and_unit() -> None:
    """``value`` is the contract's kWh; a meter registered in Wh stores Wh."""
    reader = _reader(["meter", "ts", "value"])
    outcome = reader.classify({"meter": "M-ELEC", "ts": "2024-01-01T00:00:00Z", "value": "1.5"})
    assert outcome == Accepted([], [], [(5, datetime(2024, 1, 1, tzinfo=UTC), 1500.0)])


def test_a_value_of_another_quantity_is_refused_as_the_collector_refuses_it() -> None:
    """A gas column on an electricity meter is a quantity mismatch."""
    reader = _reader(["meter", "ts", "gasEnergyImport"])
    outcome = reader.classify(
        {"meter": "M-ELEC", "ts": "2024-01-01T00:00:00Z", "gasEnergyImport": "3"}
    )
    assert isinstance(outcome, Rejection)
    assert outcome.kind == "quantity_mismatch"


def test_a_light_point_row_is_stored_in_canonical_units() -> None:
    """Illuminance 0-1 becomes a percentage, kWh become Wh, booleans and states are read."""
    reader = _reader(
        ["point", "ts", "powerState", "powerConsumption", "illuminanceLevel",
         "totalActiveEnergyImport", "lampFailure"],
        comma=True,
    )  # fmt: skip
    cells = {
        "point": "P1",
        "ts": "2024-01-01T00:00:00Z",
        "powerState": "low",
        "powerConsumption": "24,6",
        "illuminanceLevel": "0,5",
        "totalActiveEnergyImport": "812,35",
        "lampFailure": "false",
    }
    outcome = reader.classify(cells)
    assert isinstance(outcome, Accepted)
    assert outcome.lamps[0][:6] == (1, datetime(2024, 1, 1, tzinfo=UTC), "low", 24.6, 50, 812_350.0)
    assert outcome.lamps[0][11] is False


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["ts", "energyConsumed"], "one column must name the device"),
        (["cabinet", "meter", "ts", "value"], "found cabinet, meter"),
        (["cabinet", "energyConsumed"], "no ts column"),
        (["cabinet", "ts"], "no value column"),
        (["cabinet", "ts", "value"], "unknown columns value"),
        (["point", "ts", "powerConsumption", "powerConsumption"], "repeated columns"),
    ],
)
def test_a_header_that_cannot_be_read_names_why(header: list[str], message: str) -> None:
    """The device column, ts, known value columns, each once: otherwise line 1 says why."""
    with pytest.raises(InvalidInput) as caught:
        layout_of("f.csv", header)
    assert any(
        message in str(p) and str(p).startswith("f.csv: line 1: ") for p in caught.value.problems
    )


def test_a_refused_row_is_read_again_from_its_dead_letter() -> None:
    """The letter keeps the cells and how to read them; with the device known, it is accepted."""
    reader = _reader(["cabinet", "ts", "energyConsumed"], zone=PARIS, comma=True)
    cells = {"cabinet": "C2", "ts": "15/01/2024 22:40", "energyConsumed": "12,5"}
    assert reader.classify(cells) == Rejection("unknown_device", "cabinet 'C2' is not registered")
    letter = letter_payload(reader, cells)
    later = Assets(cabinets={"C2": 11})
    assert classify_letter(letter, WINDOW, later) == Accepted(
        [], [(11, datetime(2024, 1, 15, 21, 40, tzinfo=UTC), 12.5, None, None, None)], []
    )
    assert classify_letter(b"{not json", WINDOW, later).kind == "schema"  # type: ignore[union-attr]


@given(
    cells=st.dictionaries(
        st.sampled_from(["cabinet", "ts", "energyConsumed", "cosPhi", "", EXTRA]),
        st.text(max_size=30),
    )
)
def test_classify_never_raises_on_any_cells(cells: dict[str, str]) -> None:
    """Any cells become rows or a rejection of a known kind."""
    outcome = _reader(["cabinet", "ts", "energyConsumed", "cosPhi"], zone=PARIS).classify(cells)
    assert isinstance(outcome, Accepted) or outcome.kind in REASONS


def test_stretches_split_at_gaps_longer_than_a_day() -> None:
    """Instants in any order make one stretch per run without a day-long gap."""
    t = datetime(2024, 1, 1, tzinfo=UTC)
    instants = [t + timedelta(days=3), t, t + timedelta(hours=23), t + timedelta(days=1, hours=22)]
    assert stretches(instants) == [
        (t, t + timedelta(days=1, hours=22), 3),
        (t + timedelta(days=3), t + timedelta(days=3), 1),
    ]
    assert stretches([]) == []


def test_stretches_are_at_most_32_the_closest_taken_together() -> None:
    """A weekly series of two years is announced as 32 stretches holding every instant."""
    t = datetime(2024, 1, 1, tzinfo=UTC)
    weekly = [t + timedelta(weeks=w) for w in range(105)]
    weekly[50:] = [ts + timedelta(days=3) for ts in weekly[50:]]  # the widest gap
    runs = stretches(weekly)
    assert len(runs) == 32
    assert sum(count for _, _, count in runs) == 105
    assert (runs[0][0], runs[-1][1]) == (weekly[0], weekly[-1])
    assert any(last == weekly[49] for _, last, _ in runs)


def test_the_file_stream_numbers_rows_by_their_first_line(tmp_path: Path) -> None:
    """A quoted cell over two lines, an empty line, padding separators and a surplus cell."""
    path = tmp_path / "f.csv"
    path.write_text('cabinet;ts;note;\nA;"two\nlines";x;\n\nB;t;y;;\nC;t;z;;surplus\n')
    table = open_table(path)
    rows = list(table.rows())
    table.close()
    assert (table.separator, table.encoding, table.decimal_comma) == (";", "utf-8", True)
    assert [line for line, _ in rows] == [2, 5, 6]
    assert rows[0][1] == {"cabinet": "A", "ts": "two\nlines", "note": "x"}
    assert EXTRA not in rows[1][1]
    assert rows[2][1][EXTRA] == "surplus"


def test_a_file_neither_utf8_nor_windows_1252_is_refused(tmp_path: Path) -> None:
    """Bytes no Windows-1252 text has (0x81) make the whole file unreadable, named by offset."""
    path = tmp_path / "f.csv"
    path.write_bytes(b"cabinet,ts,energyConsumed\nA,\x81,1\n")
    with pytest.raises(InvalidInput, match=r"f.csv: neither UTF-8 nor Windows-1252 text \(byte"):
        open_table(path)


def test_the_documentation_lists_every_column() -> None:
    """docs/history-import.md names each device column and each value column of each kind."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "history-import.md").read_text()
    for device, kind in DEVICE_COLUMNS.items():
        assert f"`{device}`" in text
        for column in value_columns(kind):
            assert f"`{column}`" in text, column
