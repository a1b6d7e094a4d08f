"""The macro engine against Grafana's own cases (``macros_test.go``, grafana/grafana main, 2026).

Expected strings are copied from ``TestMacroEngine``, ``TestInterpolateSQLCommenter`` and
``TestStripSQLComments``; Go's ``fmt.Sprintf`` expectations are written out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from macros import (
    Fill,
    MacroError,
    TimeRange,
    expand,
    expand_macros,
    interpolate_globals,
    strip_sql_comments,
)

from grafana import gotime

FROM = datetime(2018, 4, 12, 18, 0, tzinfo=UTC)
RANGE = TimeRange(FROM, FROM + timedelta(minutes=5))
FROM_S, TO_S = 1523556000, 1523556300
TAGGED = "SELECT 1 AS value\n/*application='grafana',source='bi',route='test',feature='repro'*/;"


def engine(sql: str, *, timescaledb: bool = False) -> str:
    """The macro engine alone, as the Go tests call it."""
    return expand_macros(strip_sql_comments(sql), RANGE, timescaledb=timescaledb).sql


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select $__time(time_column)", 'select time_column AS "time"'),
        ("select min($__time(time_column))", 'select min(time_column AS "time")'),
        (
            "WHERE $__timeFilter(time_column)",
            "WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'",
        ),
        ("select $__timeFrom()", "select '2018-04-12T18:00:00Z'"),
        ("select $__timeTo()", "select '2018-04-12T18:05:00Z'"),
        (
            "SELECT $__timeGroup(time_column,'5m'), value",
            'SELECT floor(extract(epoch from time_column)/300)*300 AS "time", value',
        ),
        (
            "SELECT $__timeGroup(time_column,'5m') as time, value",
            "SELECT floor(extract(epoch from time_column)/300)*300 as time, value",
        ),
        (
            "SELECT $__timeGroup(time_column,'5m')",
            "SELECT floor(extract(epoch from time_column)/300)*300",
        ),
        (
            "SELECT $__timeGroupAlias(time_column,'5m')",
            'SELECT floor(extract(epoch from time_column)/300)*300 AS "time"',
        ),
        ("$__timeGroup(time_column , '5m')", "floor(extract(epoch from time_column)/300)*300"),
        (
            "$__timeGroupAlias(time_column , '5m')",
            'floor(extract(epoch from time_column)/300)*300 AS "time"',
        ),
        ("select $__unixEpochFilter(time)", f"select time >= {FROM_S} AND time <= {TO_S}"),
        (
            "select $__unixEpochNanoFilter(time)",
            f"select time >= {FROM_S}000000000 AND time <= {TO_S}000000000",
        ),
        ("select $__unixEpochNanoFrom()", f"select {FROM_S}000000000"),
        ("select $__unixEpochNanoTo()", f"select {TO_S}000000000"),
        (
            "SELECT $__unixEpochGroup(time_column+time_adjustment,'5m')",
            "SELECT floor((time_column+time_adjustment)/300)*300",
        ),
        (
            "SELECT $__unixEpochGroupAlias(time_column+time_adjustment,'5m')",
            'SELECT floor((time_column+time_adjustment)/300)*300 AS "time"',
        ),
    ],
)
def test_macro_engine_matches_grafana(sql: str, expected: str) -> None:
    """Each TestMacroEngine case of a 5-minute range expands to Grafana's exact text."""
    assert engine(sql) == expected


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("GROUP BY $__timeGroup(time_column,'5m')", "GROUP BY time_bucket('300.000s',time_column)"),
        (
            "GROUP BY $__timeGroup(time_column , '5m')",
            "GROUP BY time_bucket('300.000s',time_column)",
        ),
        (
            "GROUP BY $__timeGroup(time_column , '12d')",
            "GROUP BY time_bucket('1036800.000s',time_column)",
        ),
        (
            "GROUP BY $__timeGroup(time_column , '20ms')",
            "GROUP BY time_bucket('0.020s',time_column)",
        ),
    ],
)
def test_timescaledb_buckets_match_grafana(sql: str, expected: str) -> None:
    """With the TimescaleDB flag, $__timeGroup becomes time_bucket with Grafana's %.3f seconds."""
    assert engine(sql, timescaledb=True) == expected


@pytest.mark.parametrize(
    ("start", "end", "start_text", "end_text"),
    [
        (
            datetime(1960, 2, 1, 7, tzinfo=UTC),
            datetime(1965, 2, 3, 8, tzinfo=UTC),
            "1960-02-01T07:00:00Z",
            "1965-02-03T08:00:00Z",
        ),
        (
            datetime(1960, 2, 1, 7, tzinfo=UTC),
            datetime(1980, 2, 3, 8, tzinfo=UTC),
            "1960-02-01T07:00:00Z",
            "1980-02-03T08:00:00Z",
        ),
        (
            datetime(1960, 2, 1, 7, 0, 0, 500_000, tzinfo=UTC),
            datetime(1980, 2, 3, 8, 0, 0, 500_000, tzinfo=UTC),
            "1960-02-01T07:00:00.5Z",
            "1980-02-03T08:00:00.5Z",
        ),
    ],
)
def test_ranges_before_the_epoch(
    start: datetime, end: datetime, start_text: str, end_text: str
) -> None:
    """Ranges from 1960: RFC 3339 text with the fraction trimmed, negative epoch seconds."""
    time_range = TimeRange(start, end)
    assert (
        expand_macros("WHERE $__timeFilter(time_column)", time_range, timescaledb=False).sql
        == f"WHERE time_column BETWEEN '{start_text}' AND '{end_text}'"
    )
    from_s, to_s = int(start.timestamp() // 1), int(end.timestamp() // 1)
    assert (
        expand_macros("select $__unixEpochFilter(time)", time_range, timescaledb=False).sql
        == f"select time >= {from_s} AND time <= {to_s}"
    )
    assert expand_macros(
        "select $__unixEpochNanoFilter(time)", time_range, timescaledb=False
    ).sql == (f"select time >= {gotime.unix_nano(start)} AND time <= {gotime.unix_nano(end)}")
    half = datetime(1960, 2, 1, 7, 0, 0, 500_000, tzinfo=UTC)
    assert gotime.unix(start.replace(microsecond=0)) == -312_915_600
    assert gotime.unix_nano(half) == -312_915_599_500_000_000


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELECT $__interval /*app='grafana',source='bi'*/",
            "SELECT 10m /*app='grafana',source='bi'*/",
        ),
        ("SELECT 1 /*i='$__interval'*/", "SELECT 1 "),
        ("SELECT 1 /*k='$__timeFilter(t'*/ WHERE (x = 1)", "SELECT 1  WHERE (x = 1)"),
    ],
)
def test_sqlcommenter_tags(sql: str, expected: str) -> None:
    """TestInterpolateSQLCommenter: inert tags survive, tags holding macros are stripped."""
    assert expand(sql, RANGE, 10 * gotime.MINUTE, timescaledb=False).sql == expected


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT 1 -- a comment", "SELECT 1 "),
        ("SELECT /* a comment */ 1", "SELECT  1"),
        ("SELECT /*\n  multiline\n  comment\n*/ 1", "SELECT  1"),
        ("SELECT '-- not a comment' AS label", "SELECT '-- not a comment' AS label"),
        ("SELECT '/* not a comment */' AS label", "SELECT '/* not a comment */' AS label"),
        ('SELECT "col -- name" FROM t', 'SELECT "col -- name" FROM t'),
        ('SELECT "col /* name */" FROM t', 'SELECT "col /* name */" FROM t'),
        ("SELECT 'it''s fine -- not a comment' AS v", "SELECT 'it''s fine -- not a comment' AS v"),
        ('SELECT "col ""-- name""" FROM t', 'SELECT "col ""-- name""" FROM t'),
        ("SELECT '-- in string' AS a -- real comment", "SELECT '-- in string' AS a "),
        ("SELECT '/* in string */' AS a /* real comment */", "SELECT '/* in string */' AS a "),
        ("SELECT col FROM t WHERE col > 1", "SELECT col FROM t WHERE col > 1"),
        ("SELECT 1 -- comment\nFROM t", "SELECT 1 \nFROM t"),
        ("SELECT $$ -- not a comment $$", "SELECT $$ -- not a comment $$"),
        ("SELECT $$ /* not a comment */ $$", "SELECT $$ /* not a comment */ $$"),
        ("SELECT $body$ -- not a comment $body$", "SELECT $body$ -- not a comment $body$"),
        ("SELECT $__timeFrom() -- comment", "SELECT $__timeFrom() "),
        ("SELECT $1 -- comment", "SELECT $1 "),
        (TAGGED, TAGGED),
        (
            "SELECT 1 /*application='grafana',feature='panel'*/",
            "SELECT 1 /*application='grafana',feature='panel'*/",
        ),
        ("SELECT 1 /*range='$__timeFilter(t)'*/", "SELECT 1 "),
    ],
)
def test_strip_sql_comments(sql: str, expected: str) -> None:
    """TestStripSQLComments: comments go, quoted and dollar-quoted text stays verbatim."""
    assert strip_sql_comments(sql) == expected


def test_globals_replace_interval_ms_first() -> None:
    """sqleng.Interpolate: $__interval_ms is not eaten by $__interval; epoch bounds in seconds."""
    sql = "SELECT $__interval_ms, $__interval, $__unixEpochFrom(), $__unixEpochTo()"
    assert interpolate_globals(sql, RANGE, 90 * gotime.SECOND) == (
        f"SELECT 90000, 1m, {FROM_S}, {TO_S}"
    )


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("NULL", Fill("null", 300.0)),
        ("previous", Fill("previous", 300.0)),
        ("0", Fill("value", 300.0, 0.0)),
        ("10.5", Fill("value", 300.0, 10.5)),
    ],
)
def test_fill_argument_sets_the_fill_mode(fill: str, expected: Fill) -> None:
    """A third $__timeGroup argument sets the query's fill, as SetupFillmode does."""
    expansion = expand_macros(f"SELECT $__timeGroup(ts,'5m',{fill})", RANGE, timescaledb=False)
    assert expansion.sql == "SELECT floor(extract(epoch from ts)/300)*300"
    assert expansion.fill == expected


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT $__nope(x)", 'unknown macro "__nope"'),
        ("SELECT $__timeGroup(ts)", "macro __timeGroup needs time column and interval"),
        ("SELECT $__timeGroup(ts, 'fortnight')", "error parsing interval 'fortnight'"),
        ("SELECT $__timeGroup(ts, '5m', zero)", "error parsing fill value zero"),
        ("SELECT $__nope(x), $__timeGroup(ts)", 'unknown macro "__nope"'),
    ],
)
def test_macro_errors(sql: str, message: str) -> None:
    """A bad macro fails the whole query with Grafana's message (the first error)."""
    with pytest.raises(MacroError, match=message.replace("(", r"\(")):
        expand_macros(sql, RANGE, timescaledb=False)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("1m", "floor(extract(epoch from ts)/60)*60"),
        ("1h", "floor(extract(epoch from ts)/3600)*3600"),
        ("1d", "floor(extract(epoch from ts)/86400)*86400"),
        ("1w", "floor(extract(epoch from ts)/604800)*604800"),
        ("12d", "floor(extract(epoch from ts)/1.0368e+06)*1.0368e+06"),
        ("20ms", "floor(extract(epoch from ts)/0.02)*0.02"),
        ("1h30m", "floor(extract(epoch from ts)/5400)*5400"),
    ],
)
def test_epoch_buckets_print_floats_as_go(interval: str, expected: str) -> None:
    """Without TimescaleDB the bucket width is Go's %v of a float64 (exponent from 1e6)."""
    assert expand_macros(f"$__timeGroup(ts,'{interval}')", RANGE, timescaledb=False).sql == expected


def test_month_interval_counts_calendar_days_from_now() -> None:
    """gtime.ParseInterval: '1M' is the length of the month that starts now (UTC)."""
    february = datetime(2026, 2, 10, tzinfo=UTC)
    assert gotime.parse_interval("1M", february) == 28 * gotime.DAY
    assert gotime.parse_interval("1y", february) == 365 * gotime.DAY


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (0, "1ms"),
        (500 * gotime.MICROSECOND, "1ms"),
        (20 * gotime.MILLISECOND, "20ms"),
        (90 * gotime.SECOND, "1m"),
        (10 * gotime.MINUTE, "10m"),
        (25 * gotime.HOUR, "1d"),
        (400 * gotime.DAY, "1y"),
    ],
)
def test_format_interval(duration: int, text: str) -> None:
    """gtime.FormatInterval keeps the largest unit only, truncated."""
    assert gotime.format_interval(duration) == text


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["ms", "s", "m", "h"]))
def test_go_durations_round_trip(count: int, unit: str) -> None:
    """A Go duration of one unit parses to count times the unit."""
    scale = {"ms": gotime.MILLISECOND, "s": gotime.SECOND, "m": gotime.MINUTE, "h": gotime.HOUR}
    assert gotime.parse_duration(f"{count}{unit}") == count * scale[unit]


@given(st.floats(min_value=1e-9, max_value=1e12, allow_nan=False))
def test_go_float_text_reads_back_as_the_same_float(value: float) -> None:
    """Go's %v of a float64 is exact: PostgreSQL reads back the same number."""
    assert float(gotime.format_float(value)) == value
