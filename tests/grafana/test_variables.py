"""Dashboard variables replaced as Grafana's frontend and SQL datasources do."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from grafana.variables import Selection, format_values, quote_literal, replace_variables

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 1, 2, 12, 30, tzinfo=UTC)


def replace(sql: str, **selections: Selection) -> str:
    """Replace with the fixed range."""
    return replace_variables(sql, selections, start=START, end=END)


def test_single_value_is_escaped_but_not_quoted() -> None:
    """A plain variable: quotes doubled, no surrounding quotes (the SQL writes '$var')."""
    assert replace("WHERE code = '$site'", site=Selection(("O'Hara",))) == (
        "WHERE code = 'O''Hara'"
    )


def test_single_value_of_a_multi_variable_is_a_literal() -> None:
    """One value of a multi or include-all variable is a quoted literal."""
    assert replace("IN ($d)", d=Selection(("a",), multi=True)) == "IN ('a')"
    assert replace("IN ($d)", d=Selection(("a",), include_all=True)) == "IN ('a')"


def test_all_values_are_quoted_and_joined() -> None:
    """All selected: every option quoted, joined by commas, in every syntax."""
    every = Selection(("a", "b'c"), multi=True, include_all=True, all_selected=True)
    expected = "IN ('a','b''c')"
    for syntax in ("$d", "${d}", "[[d]]"):
        assert replace(f"IN ({syntax})", d=every) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "a,b'c"),
        ("raw", "a,b'c"),
        ("pipe", "a|b'c"),
        ("sqlstring", "'a','b''c'"),
        ("singlequote", "'a','b\\'c'"),
        ("doublequote", '"a","b\'c"'),
    ],
)
def test_explicit_formats_bypass_the_datasource(fmt: str, expected: str) -> None:
    """${var:format} uses the format, not the SQL datasource's quoting."""
    selection = Selection(("a", "b'c"), multi=True)
    assert replace(f"${{d:{fmt}}}", d=selection) == expected
    assert replace(f"[[d:{fmt}]]", d=selection) == expected


def test_unknown_names_and_macros_are_left_for_the_backend() -> None:
    """$__timeFilter(...) and undefined names pass through untouched."""
    sql = "WHERE $__timeFilter(ts) AND x = $nope"
    assert replace(sql) == sql


def test_time_range_globals() -> None:
    """$__from / $__to are epoch milliseconds; :date is ISO 8601 in UTC."""
    assert replace("$__from $__to") == "1767225600000 1767357000000"
    assert replace("${__to:date:iso}") == "2026-01-02T12:30:00.000Z"
    assert replace("${__from:date:seconds}") == "1767225600"


def test_unsupported_format_is_refused() -> None:
    """A format no dashboard uses is an error, not a silent wrong expansion."""
    with pytest.raises(InvalidInput, match="lucene"):
        format_values(["a"], "lucene")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\0")))
def test_quoted_literal_reads_back(value: str) -> None:
    """A quoted literal is one SQL string whose content is the value."""
    literal = quote_literal(value)
    assert literal.startswith("'")
    assert literal.endswith("'")
    assert literal[1:-1].replace("''", "'") == value
    assert "'" not in literal[1:-1].replace("''", "")
