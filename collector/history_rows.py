"""A row of a history file read as the collector reads a message: same models, checks and rows.

A file holds the readings of one kind of device, told by the column that names the device:
``point`` (light-point controllers), ``cabinet`` (control cabinets) or ``meter`` (building
meters). Its other columns are ``ts`` and the ``values`` names of the MQTT contract
(``collector/payloads.py``) in the contract's units; a meter file may give ``value`` instead,
the reading in the contract's unit of the meter's registered quantity. Each row becomes the
payload a device would have published and goes through the collector's model (lax about text:
``"12.5"`` is a number, ``"true"`` a boolean) and then the collector's own checks
(``collector.ingest``): registered device, quantity, time window, canonical units.

A refused row is kept as a dead letter whose payload is this JSON object, enough to read the
row again once its cause is fixed (``vigie dead-letters replay``)::

    {"kind": "cabinet", "cells": {"cabinet": "C-12", "ts": "15/01/2024 22:40", ...},
     "decimalComma": true, "timezone": "Europe/Paris"}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from pydantic import BaseModel, TypeAdapter, ValidationError

from collector.assets import Assets
from collector.history_times import Timestamps, zone_named
from collector.ingest import (
    METER_FIELDS,
    Accepted,
    Rejection,
    Window,
    cabinet_rows,
    lamp_rows,
    meter_rows,
    rejection_of,
)
from collector.payloads import CABINET, LAMP, METER, CabinetValues, LampValues, MeterValues
from collector.topics import Kind
from core.errors import InvalidInput, Problem
from core.tabular import EXTRA, decimal_number

FILE_TOPIC: Final = "file:"  # dead letters of file rows are named file:<name>:line <n>
DEVICE_COLUMNS: Final = {"point": Kind.LAMP, "cabinet": Kind.CABINET, "meter": Kind.METER}
TS: Final = "ts"
VALUE: Final = "value"
_VALUES: Final[dict[Kind, type[BaseModel]]] = {
    Kind.LAMP: LampValues,
    Kind.CABINET: CabinetValues,
    Kind.METER: MeterValues,
}
_PAYLOADS: Final[dict[Kind, TypeAdapter[Any]]] = {
    Kind.LAMP: LAMP,
    Kind.CABINET: CABINET,
    Kind.METER: METER,
}
_ROWS: Final[dict[Kind, Callable[[str, Any, Window, Assets], Accepted | Rejection]]] = {
    Kind.LAMP: lamp_rows,
    Kind.CABINET: cabinet_rows,
    Kind.METER: meter_rows,
}


def value_columns(kind: Kind) -> list[str]:
    """The value columns a file of ``kind`` may have, in the contract's order."""
    names = list(_VALUES[kind].model_fields)
    return [*names, VALUE] if kind is Kind.METER else names


@dataclass(frozen=True)
class Layout:
    """What a header says: the kind of device, its code column and the value columns."""

    kind: Kind
    device: str
    values: tuple[str, ...]


def layout_of(name: str, header: list[str]) -> Layout:
    """The layout of a header; InvalidInput lists everything that makes it unusable."""
    named = [column for column in header if column]
    devices = [column for column in named if column in DEVICE_COLUMNS]
    problems: list[str] = []
    if len(devices) != 1:
        problems.append(
            "one column must name the device: point, cabinet or meter"
            + (f" (found {', '.join(devices)})" if devices else "")
        )
    if TS not in named:
        problems.append("no ts column (the time of each reading)")
    repeated = sorted({column for column in named if named.count(column) > 1})
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    if len(devices) == 1:
        kind = DEVICE_COLUMNS[devices[0]]
        allowed = value_columns(kind)
        unknown = [c for c in named if c not in allowed and c not in {devices[0], TS}]
        values = tuple(c for c in named if c in allowed)
        if unknown:
            problems.append(
                f"unknown columns {', '.join(unknown)}; a {devices[0]} file has "
                f"{devices[0]}, ts and some of {', '.join(allowed)}"
            )
        elif not values:
            problems.append(
                f"no value column; a {devices[0]} file has some of {', '.join(allowed)}"
            )
        if not problems:
            return Layout(kind, devices[0], values)
    raise InvalidInput(
        f"{name}: the header cannot be read", [Problem(f"{name}: line 1", p) for p in problems]
    )


@dataclass
class RowReader:
    """Reads the rows of one file into the collector's rows, or the reason each is refused."""

    layout: Layout
    decimal_comma: bool
    timestamps: Timestamps
    window: Window
    assets: Assets

    def classify(self, cells: Mapping[str, str]) -> Accepted | Rejection:
        """The rows of one file row, or why it cannot be stored; never raises."""
        head = self._head(cells)
        if isinstance(head, Rejection):
            return head
        code, instant = head
        values = self._values(code, cells)
        if isinstance(values, Rejection):
            return values
        kind = self.layout.kind
        payload = {"msgId": "history", "ts": instant, "id": code, "values": values}
        if kind is Kind.CABINET:
            payload["points"] = []  # given, so that the model does not copy its default
        try:
            message = _PAYLOADS[kind].validate_python(payload, strict=False)
        except ValidationError as exc:
            return rejection_of(exc)
        return _ROWS[kind](code, message, self.window, self.assets)

    def _head(self, cells: Mapping[str, str]) -> tuple[str, datetime] | Rejection:
        """The device's code and the reading's instant."""
        if EXTRA in cells or "" in cells:
            return Rejection("schema", "more cells than the header names")
        code = cells.get(self.layout.device)
        if code is None:
            return Rejection("missing_field", f"{self.layout.device}: empty (the device's code)")
        cell = cells.get(TS)
        if cell is None:
            return Rejection("missing_field", "ts: empty")
        instant = self.timestamps.instant(cell)
        if isinstance(instant, Rejection):
            return instant
        return code, instant

    def _values(self, code: str, cells: Mapping[str, str]) -> dict[str, str] | Rejection:
        """The value cells under the contract's names, decimal commas turned into points."""
        values: dict[str, str] = {}
        for column in self.layout.values:
            if (value := cells.get(column)) is not None:
                values[column] = decimal_number(value) if self.decimal_comma else value
        if not values:
            return Rejection("schema", "the row carries no value")
        if VALUE in values:
            return self._meter_value(code, values) or values
        return values

    def _meter_value(self, code: str, values: dict[str, str]) -> Rejection | None:
        """Put ``value`` under the field of the meter's registered quantity."""
        meter = self.assets.meters.get(code)
        if meter is None:
            return Rejection("unknown_device", f"meter {code!r} is not registered")
        if len(values) > 1:
            return Rejection("schema", "a meter reading carries exactly one value")
        values[METER_FIELDS[meter.quantity]] = values.pop(VALUE)
        return None


def letter_payload(reader: RowReader, cells: Mapping[str, str]) -> bytes:
    """A refused row as a dead letter's payload (the module's docstring shows its form)."""
    zone = reader.timestamps.zone
    return json.dumps(
        {
            "kind": reader.layout.kind.value,
            "cells": dict(cells),
            "decimalComma": reader.decimal_comma,
            "timezone": zone.key if zone is not None else None,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


def classify_letter(payload: bytes, window: Window, assets: Assets) -> Accepted | Rejection:
    """A dead letter of a file row read again, with today's registry; never raises."""
    try:
        letter = json.loads(payload)
        kind = Kind(letter["kind"])
        cells = {str(k): str(v) for k, v in letter["cells"].items()}
        zone: ZoneInfo | None = zone_named(letter["timezone"]) if letter["timezone"] else None
        decimal_comma = bool(letter["decimalComma"])
    except (ValueError, KeyError, TypeError, AttributeError, InvalidInput) as exc:
        return Rejection("schema", f"not a dead letter of a file row: {exc}"[:1000])
    device = next(column for column, k in DEVICE_COLUMNS.items() if k is kind)
    allowed = value_columns(kind)
    layout = Layout(kind, device, tuple(c for c in cells if c in allowed))
    reader = RowReader(layout, decimal_comma, Timestamps(zone), window, assets)
    return reader.classify(cells)
