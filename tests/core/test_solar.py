"""Sun times and night length at Angers, against the table of docs/methods.md."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import ephem
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.solar import is_night, lit_window, night_hours, night_hours_of_day, sunrise_sunset

ANGERS = (47.47, -0.55)
PARIS = ZoneInfo("Europe/Paris")


def _ephem_sun(day: date, latitude: float, longitude: float) -> tuple[datetime, datetime]:
    """Sunrise and sunset of a UTC day by PyEphem (VSOP87), an ephemeris independent of NOAA's."""
    observer = ephem.Observer()
    observer.lat, observer.lon = str(latitude), str(longitude)
    observer.elevation, observer.pressure, observer.horizon = 0, 0, "-0:34"
    observer.date = day.strftime("%Y/%m/%d 00:00")
    sun = ephem.Sun()
    rise = observer.next_rising(sun).datetime().replace(tzinfo=UTC)
    set_ = observer.next_setting(sun).datetime().replace(tzinfo=UTC)
    return rise, set_


@pytest.mark.parametrize(
    ("latitude", "longitude", "tolerance_s"),
    [
        (*ANGERS, 30),
        (43.6, 1.44, 30),
        (50.63, 3.06, 30),
        (-33.87, 151.21, 30),
        (-0.18, -78.47, 30),
        # Near the polar circle the sun grazes the horizon: a few arc-seconds of refraction or
        # declination move its crossing by a minute.
        (64.15, -21.94, 90),
    ],
)
def test_sun_times_agree_with_an_independent_ephemeris(
    latitude: float, longitude: float, tolerance_s: float
) -> None:
    """Every sunrise and sunset of a year is within 30 s of PyEphem's (90 s at Reykjavik)."""
    worst = 0.0
    for n in range(0, 365, 3):
        day = date(2025, 1, 1) + timedelta(days=n)
        ours = sunrise_sunset(day, latitude, longitude)
        reference = _ephem_sun(day, latitude, longitude)
        for a, b in zip(ours, reference, strict=True):
            gap = abs((a - b).total_seconds())
            if gap < 12 * 3600:  # else the reference's next event fell on the following day
                worst = max(worst, gap)
    assert worst <= tolerance_s


@pytest.mark.parametrize(
    ("day", "sunrise", "sunset"),
    [
        (date(2025, 6, 21), "06:05", "22:02"),
        (date(2025, 3, 20), "07:05", "19:14"),
        (date(2025, 12, 21), "08:47", "17:13"),
    ],
)
def test_angers_sun_times(day: date, sunrise: str, sunset: str) -> None:
    """Sunrise and sunset at Angers, in local time, at the solstices and the spring equinox."""
    rise, set_ = sunrise_sunset(day, *ANGERS)
    assert rise.tzinfo is not None
    assert rise.astimezone(PARIS).strftime("%H:%M") == sunrise
    assert set_.astimezone(PARIS).strftime("%H:%M") == sunset


def test_angers_year_has_about_4295_night_hours() -> None:
    """Angers has about 4,295 h of night a year, and 4,112 h lit with 15-minute offsets."""
    assert night_hours(date(2025, 1, 1), date(2026, 1, 1), *ANGERS) == pytest.approx(4295, abs=2)
    with_offsets = night_hours(
        date(2025, 1, 1), date(2026, 1, 1), *ANGERS, on_offset_min=15, off_offset_min=15
    )
    assert with_offsets == pytest.approx(4112, abs=2)


def test_angers_monthly_night_hours_match_the_ephemeris() -> None:
    """Each month's night hours agree with PyEphem's to within a minute a night."""
    for month in range(1, 13):
        first = date(2025, month, 1)
        last = date(2025, month, calendar.monthrange(2025, month)[1])
        hours = night_hours(first, last + timedelta(days=1), *ANGERS)
        reference = 0.0
        day = first
        while day <= last:
            _, evening = _ephem_sun(day, *ANGERS)
            morning, _ = _ephem_sun(day + timedelta(days=1), *ANGERS)
            reference += (morning - evening).total_seconds() / 3600
            day += timedelta(days=1)
        assert hours == pytest.approx(reference, abs=last.day * 60 / 3600), month


def test_lit_window_of_a_local_day() -> None:
    """A local day's burning window runs to sunrise minus the offset and from sunset plus it."""
    window = lit_window(date(2025, 12, 21), PARIS, *ANGERS, on_offset_min=15, off_offset_min=10)
    rise, set_ = sunrise_sunset(date(2025, 12, 21), *ANGERS)
    assert window.off_at == rise - timedelta(minutes=10)
    assert window.on_at == set_ + timedelta(minutes=15)
    assert window.start == datetime(2025, 12, 21, tzinfo=PARIS)
    assert window.hours == pytest.approx(24 - (window.on_at - window.off_at).total_seconds() / 3600)


def test_lit_window_follows_daylight_saving_days() -> None:
    """The day clocks go forward lasts 23 hours: its window is bounded by its own midnights."""
    window = lit_window(date(2025, 3, 30), PARIS, *ANGERS)
    assert (window.end - window.start) == timedelta(hours=23)
    assert 0 < window.hours < 23


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
