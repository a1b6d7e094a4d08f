"""A port of the SQL expansion of Grafana's PostgreSQL datasource (the backend half).

Grafana turns a panel's ``rawSql`` into the statement it runs in three steps, ported here from
``pkg/tsdb/grafana-postgresql-datasource`` (``macros.go``, ``sqleng/sql_engine.go``):

1. comments are stripped (quote-aware), except inert SQLCommenter tags such as
   ``/*app='grafana'*/``: a block comment made only of ``key='value'`` pairs and holding no ``$``;
2. the global substitutions of ``sqleng.Interpolate``: ``$__interval_ms``, ``$__interval``,
   ``$__unixEpochFrom()``, ``$__unixEpochTo()``;
3. the macros ``$__name(args)`` of the PostgreSQL macro engine; an unknown macro, a missing
   argument or a bad interval is an error and nothing runs.

Dashboard variables (``$district``...) are replaced before, by the frontend: see ``variables``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from core.errors import InvalidInput
from grafana import gotime

MACRO = re.compile(r"\$([_a-zA-Z0-9]+)\(([^\)]*)\)")
_COMMENTER_TAG = re.compile(
    r"/\*\s*[A-Za-z_][\w.-]*='[^'$]*'(?:\s*,\s*[A-Za-z_][\w.-]*='[^'$]*')*\s*\*/"
)
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


class MacroError(InvalidInput):
    """Grafana would refuse to run this query: the message is the one Grafana gives."""


@dataclass(frozen=True)
class TimeRange:
    """The dashboard's absolute time range (timezone-aware)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Fill:
    """What ``$__timeGroup``'s third argument asks for missing buckets (time series only)."""

    mode: Literal["null", "previous", "value"]
    interval_s: float
    value: float = 0.0


@dataclass(frozen=True)
class Expansion:
    """The statement Grafana would run, and the fill mode the query set, if any."""

    sql: str
    fill: Fill | None = None


def expand(
    sql: str,
    time_range: TimeRange,
    interval_ns: int,
    *,
    timescaledb: bool,
    now: datetime | None = None,
) -> Expansion:
    """Comments, global substitutions and macros, in Grafana's order."""
    text = strip_sql_comments(sql)
    text = interpolate_globals(text, time_range, interval_ns)
    return expand_macros(text, time_range, timescaledb=timescaledb, now=now)


def interpolate_globals(sql: str, time_range: TimeRange, interval_ns: int) -> str:
    """``sqleng.Interpolate``: plain replacements, ``$__interval_ms`` before ``$__interval``."""
    sql = sql.replace("$__interval_ms", str(interval_ns // gotime.MILLISECOND))
    sql = sql.replace("$__interval", gotime.format_interval(interval_ns))
    sql = sql.replace("$__unixEpochFrom()", str(gotime.unix(time_range.start)))
    return sql.replace("$__unixEpochTo()", str(gotime.unix(time_range.end)))


def expand_macros(
    sql: str, time_range: TimeRange, *, timescaledb: bool, now: datetime | None = None
) -> Expansion:
    """``postgresMacroEngine.Interpolate`` on already stripped text; the first error wins."""
    errors: list[str] = []
    fills: list[Fill] = []
    engine = _Engine(time_range, timescaledb, fills, now)

    def replace(match: re.Match[str]) -> str:
        name, whole = match[1], match[0]
        if name == "__timeGroup":
            # Before Grafana 5.3, $__timeGroup added the alias: kept when a ',' follows the
            # first occurrence of the same text.
            index = sql.find(whole)
            if index >= 0 and sql[index + len(whole) : index + len(whole) + 1] == ",":
                name = "__timeGroupAlias"
        args = [arg.strip(" ") for arg in match[2].split(",")]
        try:
            return _evaluate(name, args, engine)
        except MacroError as exc:
            if not errors:
                errors.append(str(exc))
            return "macro_error()"

    expanded = MACRO.sub(replace, sql)
    if errors:
        raise MacroError(errors[0])
    return Expansion(expanded, fills[-1] if fills else None)


@dataclass(frozen=True)
class _Engine:
    """What one expansion knows: the range, the TimeScaleDB flag, the fills set, the clock."""

    time_range: TimeRange
    timescaledb: bool
    fills: list[Fill]
    now: datetime | None


def _evaluate(name: str, args: list[str], engine: _Engine) -> str:  # noqa: PLR0911 - as macros.go
    start, end = engine.time_range.start, engine.time_range.end
    simple: dict[str, Callable[[str], str]] = {
        "__time": lambda c: f'{c} AS "time"',
        "__timeEpoch": lambda c: f'extract(epoch from {c}) as "time"',
        "__timeFilter": lambda c: (
            f"{c} BETWEEN '{gotime.rfc3339_nano(start)}' AND '{gotime.rfc3339_nano(end)}'"
        ),
        "__unixEpochFilter": lambda c: f"{c} >= {gotime.unix(start)} AND {c} <= {gotime.unix(end)}",
        "__unixEpochNanoFilter": lambda c: (
            f"{c} >= {gotime.unix_nano(start)} AND {c} <= {gotime.unix_nano(end)}"
        ),
    }
    if name in simple:
        # Go splits "" into [""]: an empty argument list still has one (empty) argument.
        return simple[name](args[0])
    if name == "__timeFrom":
        return f"'{gotime.rfc3339_nano(start)}'"
    if name == "__timeTo":
        return f"'{gotime.rfc3339_nano(end)}'"
    if name == "__unixEpochNanoFrom":
        return str(gotime.unix_nano(start))
    if name == "__unixEpochNanoTo":
        return str(gotime.unix_nano(end))
    if name in ("__timeGroup", "__unixEpochGroup"):
        seconds = gotime.seconds(_group_interval(name, args, engine.fills, engine.now))
        if name == "__unixEpochGroup":
            step = gotime.format_float(seconds)
            return f"floor(({args[0]})/{step})*{step}"
        if engine.timescaledb:
            return f"time_bucket('{seconds:.3f}s',{args[0]})"
        step = gotime.format_float(seconds)
        return f"floor(extract(epoch from {args[0]})/{step})*{step}"
    if name in ("__timeGroupAlias", "__unixEpochGroupAlias"):
        group = _evaluate(name.removesuffix("Alias"), args, engine)
        return group + ' AS "time"'
    raise MacroError(f'unknown macro "{name}"')


def _group_interval(name: str, args: list[str], fills: list[Fill], now: datetime | None) -> int:
    """The bucket width of a group macro; a third argument sets the fill mode."""
    if len(args) < 2:
        raise MacroError(f"macro {name} needs time column and interval and optional fill value")
    try:
        interval = gotime.parse_interval(args[1].strip("'"), now)
    except gotime.GoError as exc:
        raise MacroError(f"error parsing interval {args[1]}") from exc
    if len(args) == 3:
        fills.append(_fill(args[2], interval))
    return interval


def _fill(text: str, interval: int) -> Fill:
    """``sqleng.SetupFillmode``."""
    seconds = gotime.seconds(interval)
    if text == "NULL":
        return Fill("null", seconds)
    if text == "previous":
        return Fill("previous", seconds)
    try:
        value = float(text)
    except ValueError as exc:
        raise MacroError(f"error parsing fill value {text}") from exc
    return Fill("value", seconds, value)


def strip_sql_comments(sql: str) -> str:
    """Remove ``--`` and ``/* */`` comments outside quotes; keep inert SQLCommenter tags."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char == "$" and (tag := _DOLLAR_TAG.match(sql, i)):
            closing = tag[0]
            stop = sql.find(closing, i + len(closing))
            stop = n if stop < 0 else stop + len(closing)
            out.append(sql[i:stop])
            i = stop
        elif char in "'\"":
            stop = _quoted_end(sql, i, char)
            out.append(sql[i:stop])
            i = stop
        elif sql.startswith("/*", i):
            tag_match = _COMMENTER_TAG.match(sql, i)
            stop = sql.find("*/", i + 2)
            # Unterminated: Go's loop stops one short of the end and keeps the last character.
            stop = max(i + 2, n - 1) if stop < 0 else stop + 2
            if tag_match and tag_match.end() == stop:
                out.append(sql[i:stop])
            i = stop
        elif sql.startswith("--", i):
            stop = sql.find("\n", i)
            i = n if stop < 0 else stop
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _quoted_end(sql: str, start: int, quote: str) -> int:
    """The index after a quoted region starting at ``start``; a doubled quote is an escape."""
    i = start + 1
    while i < len(sql):
        if sql[i] == quote:
            if sql[i + 1 : i + 2] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)
