"""The rules of a recorded non-routine adjustment, and that the database holds the same ones."""

from __future__ import annotations

import re
from datetime import date

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.adjustments import KINDS, MAX_KWH_PER_YEAR, NewAdjustment

Conn = psycopg.Connection[tuple[object, ...]]


def _new(**overrides: object) -> dict[str, object]:
    return {
        "kind": "points_added",
        "starts_on": date(2025, 1, 1),
        "kwh_per_year": 100.0,
        "reason": "Twelve points added by the tramway works",
        **overrides,
    }


def test_the_kinds_are_the_ones_the_database_accepts(db: Conn) -> None:
    """The kinds of core.adjustments are exactly those of the effect_adjustments constraint."""
    row = db.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'effect_adjustments'::regclass AND contype = 'c'"
        " AND pg_get_constraintdef(oid) LIKE '%(kind = ANY%'"
    ).fetchone()
    assert row is not None
    assert set(re.findall(r"'(\w+)'::text", str(row[0]))) == set(KINDS)


@given(st.dates(date(1990, 1, 1), date(2100, 1, 1)), st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_an_adjustment_ends_after_it_starts(starts_on: date, ends_on: date) -> None:
    """An end date is accepted exactly when it comes after the start."""
    if ends_on > starts_on:
        assert NewAdjustment.model_validate(_new(starts_on=starts_on, ends_on=ends_on))
    else:
        with pytest.raises(ValidationError) as caught:
            NewAdjustment.model_validate(_new(starts_on=starts_on, ends_on=ends_on))
        assert [e["loc"] for e in caught.value.errors()] == [("ends_on",)]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_kwh_per_year_is_a_finite_bounded_number(value: float) -> None:
    """NaN, infinities and values beyond a TWh a year are refused; the rest kept as given."""
    if abs(value) <= MAX_KWH_PER_YEAR:
        assert NewAdjustment.model_validate(_new(kwh_per_year=value)).kwh_per_year == value
    else:
        with pytest.raises(ValidationError):
            NewAdjustment.model_validate(_new(kwh_per_year=value))


def test_a_reason_is_stripped_and_required() -> None:
    """The reason is kept without its outer spaces; a blank one is refused."""
    assert NewAdjustment.model_validate(_new(reason="  why  ")).reason == "why"
    with pytest.raises(ValidationError):
        NewAdjustment.model_validate(_new(reason=" \n "))
