"""Sun times and night length at Angers, against the table of docs/methods.md."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.solar import is_night, night_hours, night_hours_of_day, sunrise_sunset

ANGERS = (47.47, -0.55)
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("day", "sunrise", "sunset"),
    [
        (date(2025, 6, 21), "06:04", "22:02"),
        (date(2025, 3, 20), "07:07", "19:13"),
        (date(2025, 12, 21), "08:46", "17:13"),
    ],
)
def test_angers_sun_times_match_the_reference_table(day: date, sunrise: str, sunset: str) -> None:
    """Sunrise and sunset at Angers fall on the minutes of the reference table."""
    rise, set_ = sunrise_sunset(day, *ANGERS)
    assert rise.tzinfo is not None
    assert rise.astimezone(PARIS).strftime("%H:%M") == sunrise
    assert set_.astimezone(PARIS).strftime("%H:%M") == sunset


def test_autumn_equinox_is_within_a_minute() -> None:
    """The 22 September sunrise is within one minute of the table's 07:47."""
    rise, _ = sunrise_sunset(date(2025, 9, 22), *ANGERS)
    expected = datetime(2025, 9, 22, 7, 47, tzinfo=PARIS)
    assert abs((rise - expected).total_seconds()) <= 60


def test_angers_year_has_about_4291_night_hours() -> None:
    """Sunset to sunrise over 2025 at Angers sums to about 4,291 hours."""
    assert night_hours(date(2025, 1, 1), date(2026, 1, 1), *ANGERS) == pytest.approx(4291, abs=2)


def test_angers_monthly_night_hours_match_the_table() -> None:
    """Each month's night hours are within one hour of the reference table."""
    table = [467, 385, 375, 311, 276, 243, 263, 303, 342, 407, 440, 480]
    for month, expected in enumerate(table, start=1):
        first = date(2025, month, 1)
        last = date(2025, month, calendar.monthrange(2025, month)[1])
        hours = night_hours(first, last + timedelta(days=1), *ANGERS)
        assert hours == pytest.approx(expected, abs=1.0), month


def test_offsets_shorten_each_night() -> None:
    """Switching on 30 min after sunset and off 30 min before sunrise removes one hour a night."""
    plain = night_hours(date(2025, 1, 1), date(2025, 1, 11), *ANGERS)
    offset = night_hours(
        date(2025, 1, 1), date(2025, 1, 11), *ANGERS, on_offset_min=30, off_offset_min=30
    )
    assert plain - offset == pytest.approx(10.0)


def test_is_night_at_midnight_and_not_at_noon() -> None:
    """Midnight in Angers is night; noon is day, in winter and summer."""
    for month in (1, 7):
        assert is_night(datetime(2025, month, 15, 0, 0, tzinfo=PARIS), *ANGERS)
        assert not is_night(datetime(2025, month, 15, 12, 0, tzinfo=PARIS), *ANGERS)


def test_is_night_refuses_naive_datetimes() -> None:
    """A naive datetime is refused rather than guessed."""
    with pytest.raises(ValueError, match="timezone-aware"):
        is_night(datetime(2025, 1, 1, 12, 0), *ANGERS)  # noqa: DTZ001 - the case under test


def test_polar_night_is_a_whole_day_of_darkness() -> None:
    """North of the polar circle in December, a night lasts 24 hours and noon is night."""
    assert night_hours(date(2025, 12, 20), date(2025, 12, 21), 78.2, 15.6) == pytest.approx(
        24.0, abs=0.05
    )
    assert is_night(datetime(2025, 12, 20, 11, 0, tzinfo=UTC), 78.2, 15.6)


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    latitude=st.floats(min_value=-60, max_value=60),
    longitude=st.floats(min_value=-180, max_value=180),
)
def test_sunrise_precedes_sunset_and_nights_are_bounded(
    day: date, latitude: float, longitude: float
) -> None:
    """Outside polar regions sunrise comes before sunset and a night lasts 0 to 24 hours."""
    rise, set_ = sunrise_sunset(day, latitude, longitude)
    assert rise < set_
    assert 0.0 <= night_hours(day, day + timedelta(days=1), latitude, longitude) <= 24.0
    assert 0.0 <= night_hours_of_day(day, latitude, longitude) <= 24.0
