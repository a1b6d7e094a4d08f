"""The time of a reading in a history file: ISO 8601 or French, with its offset or a zone.

A cell is ``2024-01-15T22:40:00+01:00`` (any ISO 8601 form Python reads: ``Z``, a space for
``T``, seconds or fractions optional) or ``15/01/2024 22:40[:00]`` (day first, as French
spreadsheets write it). A time without offset is local time in the ``--timezone`` zone; without
that option it is refused like the collector refuses it (``ts_naive``). A local time that does
not exist (clocks going forward) or that occurs twice (clocks going back) is refused
(``ts_invalid``): which of the two instants a repeated time means cannot be told from the cell.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collector.ingest import Rejection
from core.errors import InvalidInput

MAX_CACHED: Final = 100_000  # cells kept: a time repeats for every device of a time-major file
_FRENCH: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/Paris``); InvalidInput when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"--timezone {name!r} is not an IANA time zone such as Europe/Paris"
        ) from exc


class Timestamps:
    """Reads time cells into UTC instants, remembering the last cells it read."""

    def __init__(self, zone: ZoneInfo | None) -> None:
        self.zone = zone
        self._seen: dict[str, datetime | Rejection] = {}

    def instant(self, cell: str) -> datetime | Rejection:
        """The UTC instant a cell names, or why it names none."""
        known = self._seen.get(cell)
        if known is None:
            if len(self._seen) >= MAX_CACHED:
                self._seen.clear()
            known = self._seen[cell] = self._read(cell)
        return known

    def _read(self, cell: str) -> datetime | Rejection:
        try:
            moment = _parse(cell)
        except ValueError:
            return Rejection(
                "ts_invalid", f"ts {cell!r} is neither ISO 8601 nor DD/MM/YYYY HH:MM[:SS]"
            )
        try:
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
            if self.zone is None:
                return Rejection("ts_naive", f"ts {cell!r} has no UTC offset and no --timezone")
            return _localised(moment, self.zone, cell)
        except OverflowError:
            return Rejection("ts_invalid", f"ts {cell!r} is out of the range of dates")


def _parse(cell: str) -> datetime:
    """A naive or aware datetime; ValueError when the cell is not a time."""
    if "/" in cell:
        match = _FRENCH.fullmatch(cell)
        if match is None:
            raise ValueError(cell)
        day, month, year, hour, minute, second = match.groups()
        return datetime(  # noqa: DTZ001 - a wall-clock time, placed in its zone by the caller
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    return datetime.fromisoformat(cell)


def _localised(moment: datetime, zone: ZoneInfo, cell: str) -> datetime | Rejection:
    """A local wall-clock time of ``zone`` as a UTC instant, unless it is missing or repeated."""
    first = moment.replace(tzinfo=zone, fold=0)
    offset = first.utcoffset()
    assert offset is not None  # noqa: S101 - a ZoneInfo always gives an offset
    if offset == moment.replace(tzinfo=zone, fold=1).utcoffset():
        return (moment - offset).replace(tzinfo=UTC)
    instant = (moment - offset).replace(tzinfo=UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != moment:
        return Rejection(
            "ts_invalid", f"ts {cell!r} does not exist in {zone.key} (clocks go forward)"
        )
    return Rejection(
        "ts_invalid",
        f"ts {cell!r} occurs twice in {zone.key} (clocks go back): give its UTC offset",
    )
