"""Go's time and number formatting as Grafana's PostgreSQL datasource uses them.

Ports of ``time.ParseDuration``, ``time.RFC3339Nano``, ``fmt``'s ``%v`` of a float64 and
grafana-plugin-sdk-go ``backend/gtime`` (``ParseInterval``, ``FormatInterval``). Durations are
integers of nanoseconds, as in Go.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

NANOSECOND = 1
MICROSECOND = 1_000
MILLISECOND = 1_000_000
SECOND = 1_000_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
YEAR = 365 * DAY

_UNITS = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "µs": MICROSECOND,
    "μs": MICROSECOND,
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}
_COMPONENT = re.compile(r"(\d*)(?:\.(\d*))?([a-zµμ]*)")
_DATE_UNIT = re.compile(r"^(\d+)([dwMy])$")


class GoError(ValueError):
    """A value Go's parser refuses."""


def parse_duration(text: str) -> int:
    """``time.ParseDuration``: ``"1h30m"``, ``"-1.5s"``, ``"300ms"``, ``"0"`` in nanoseconds."""
    rest = text
    negative = rest.startswith("-")
    if rest[:1] in "+-" and rest:
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise GoError(f"time: invalid duration {text!r}")
    total = 0
    while rest:
        match = _COMPONENT.match(rest)
        if match is None or not (match[1] or match[2]) or match.end() == 0:
            raise GoError(f"time: invalid duration {text!r}")
        whole, fraction, unit = match[1], match[2] or "", match[3]
        if not unit:
            raise GoError(f"time: missing unit in duration {text!r}")
        if unit not in _UNITS:
            raise GoError(f"time: unknown unit {unit!r} in duration {text!r}")
        scale = _UNITS[unit]
        value = int(whole or "0") * scale
        if fraction:
            value += int(Decimal("0." + fraction) * scale)
        total += value
        rest = rest[match.end() :]
    if total > 2**63 - 1:
        raise GoError(f"time: invalid duration {text!r}")
    return -total if negative else total


def parse_interval(text: str, now: datetime | None = None) -> int:
    """Go durations, and ``d``, ``w``, ``M``, ``y`` counted from now in UTC (``ParseInterval``)."""
    match = _DATE_UNIT.match(text)
    if match is None:
        return parse_duration(text)
    count, unit = int(match[1]), match[2]
    start = (now or datetime.now(UTC)).astimezone(UTC)
    if unit == "d":
        end = start + timedelta(days=count)
    elif unit == "w":
        end = start + timedelta(days=7 * count)
    elif unit == "M":
        end = _add_months(start, count)
    else:
        end = _add_months(start, 12 * count)
    return _nanoseconds(end - start)


def _add_months(moment: datetime, months: int) -> datetime:
    """Go's ``AddDate(0, months, 0)``: an overflowing day rolls into the next month."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    first = moment.replace(year=year, month=month, day=1)
    return first + timedelta(days=moment.day - 1)


def _nanoseconds(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds * MICROSECOND


def seconds(duration: int) -> float:
    """``Duration.Seconds()``: whole seconds plus the remainder, as Go computes it."""
    whole, remainder = divmod(abs(duration), SECOND)
    value = float(whole) + float(remainder) / 1e9
    return -value if duration < 0 else value


def format_interval(duration: int) -> str:
    """Gtime ``FormatInterval``: only the largest unit, truncated (90 s is ``1m``)."""
    for unit, suffix in ((YEAR, "y"), (DAY, "d"), (HOUR, "h"), (MINUTE, "m"), (SECOND, "s")):
        if duration >= unit:
            return f"{duration // unit}{suffix}"
    if duration >= MILLISECOND:
        return f"{duration // MILLISECOND}ms"
    return "1ms"


def format_float(value: float) -> str:
    """``fmt.Sprintf("%v", float64)``: shortest digits, exponent form below 1e-4 or from 1e6."""
    if value != value or value in (float("inf"), float("-inf")):  # noqa: PLR0124 - NaN test
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(value)]
    if value == 0:
        return "-0" if repr(value).startswith("-") else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    assert isinstance(exponent, int)  # noqa: S101 - finite by the test above
    point = len(text) + exponent  # digits before the decimal point
    magnitude = point - 1
    prefix = "-" if sign else ""
    if magnitude < -4 or magnitude >= 6:  # noqa: PLR2004 - strconv's %g thresholds (shortest)
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if magnitude < 0 else '+'}{abs(magnitude):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return prefix + text + "0" * (point - len(text))
    return f"{prefix}{text[:point]}.{text[point:]}"


def rfc3339_nano(moment: datetime) -> str:
    """``time.RFC3339Nano`` of an instant in UTC: trailing zeros of the fraction dropped."""
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def unix(moment: datetime) -> int:
    """``Time.Unix()``: whole seconds since the epoch, rounded towards minus infinity."""
    utc = moment.astimezone(UTC)
    return calendar.timegm(utc.timetuple())


def unix_nano(moment: datetime) -> int:
    """``Time.UnixNano()``."""
    utc = moment.astimezone(UTC)
    return unix(utc) * SECOND + utc.microsecond * MICROSECOND
