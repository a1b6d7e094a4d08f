"""Baseline and reporting periods of an action: the year before it, the latest year after it."""

from __future__ import annotations

from datetime import date

from aggregation.effects import periods_of
from aggregation.savings import Period
from aggregation.store_effects import ActionRow


def _action(start: date, end: date | None) -> ActionRow:
    return ActionRow(1, "A", start, end, buildings=False, has_control=False)


def test_first_year_reports_the_days_since_the_works() -> None:
    """Two months after the works, the reporting period is those two months."""
    periods = periods_of(_action(date(2025, 3, 1), date(2026, 1, 10)), date(2026, 3, 1))
    assert periods == (
        Period(date(2024, 3, 1), date(2025, 3, 1)),
        Period(date(2026, 1, 11), date(2026, 3, 1)),
    )


def test_later_years_report_a_rolling_year() -> None:
    """Years after the works, the reporting period is the latest 365 days."""
    periods = periods_of(_action(date(2021, 3, 1), date(2021, 12, 15)), date(2026, 11, 26))
    assert periods is not None
    assert periods[1] == Period(date(2025, 11, 26), date(2026, 11, 26))


def test_no_effect_before_the_works_end() -> None:
    """An action still in progress, or just finished, has no reporting period yet."""
    assert periods_of(_action(date(2026, 2, 2), None), date(2026, 11, 26)) is None
    assert periods_of(_action(date(2026, 2, 2), date(2026, 11, 25)), date(2026, 11, 26)) is None
