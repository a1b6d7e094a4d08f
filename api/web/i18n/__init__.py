"""Every word of the web pages, charts and reports, one catalogue per language (``<lang>.toml``).

A text is found by its dotted key (``inbox.title``) and may name parameters in braces
(``{count} alertes``), filled with ``str.format``. A key the catalogue lacks is an error when the
catalogue is loaded for a template that uses it (the tests render every page), never a blank.
Numbers and dates are written the language's way (decimal and thousands separators, date order),
read from the catalogue's ``format`` table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

FOLDER = Path(__file__).parent


class MissingTextError(KeyError):
    """A key the catalogue does not hold."""


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@dataclass(frozen=True)
class Catalogue:
    """The texts of one language and its ways of writing numbers and dates."""

    language: str
    texts: dict[str, str]

    def text(self, key: str, **params: object) -> str:
        """The text of ``key`` with its parameters filled in."""
        try:
            template = self.texts[key]
        except KeyError:
            raise MissingTextError(key) from None
        return template.format(**params) if params else template

    def has(self, key: str) -> bool:
        """Whether the catalogue holds ``key``."""
        return key in self.texts

    def number(self, value: float | None, digits: int = 0) -> str:
        """``value`` with the language's separators (``12 345,6``); a dash when missing."""
        if value is None:
            return self.text("format.missing")
        written = f"{value:,.{digits}f}"
        thousands, decimal = self.text("format.thousands"), self.text("format.decimal")
        return written.replace(",", "\0").replace(".", decimal).replace("\0", thousands)

    def day(self, value: date | None) -> str:
        """A date the language's way."""
        if value is None:
            return self.text("format.missing")
        return value.strftime(self.text("format.date"))

    def moment(self, value: datetime | None, timezone: str) -> str:
        """An instant in the territory's time zone, the language's way."""
        if value is None:
            return self.text("format.missing")
        return value.astimezone(ZoneInfo(timezone)).strftime(self.text("format.datetime"))


@cache
def catalogue(language: str) -> Catalogue:
    """The catalogue of ``language``, read once."""
    path = FOLDER / f"{language}.toml"
    with path.open("rb") as source:
        return Catalogue(language, _flatten(tomllib.load(source)))


def languages() -> list[str]:
    """The languages with a catalogue."""
    return sorted(p.stem for p in FOLDER.glob("*.toml"))
