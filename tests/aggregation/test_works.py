"""What an action's works changed, and its periods, read from the equipment history."""

from __future__ import annotations

from datetime import date

from aggregation.effects import periods_of
from aggregation.savings import Period
from aggregation.works import SILENT, EquipmentSpan, works_of

SODIUM = ("HPS", 172.5)
LED = ("LED", 70.0)


def _point(
    point: int, *history: tuple[date, date | None, tuple[str, float]]
) -> list[EquipmentSpan]:
    return [
        EquipmentSpan(point, 1, start, end, kind[0], kind[1], metered=kind[0] == "LED")
        for start, end, kind in history
    ]


def _renovated(point: int, on: date) -> list[EquipmentSpan]:
    return _point(point, (date(2010, 1, 1), on, SODIUM), (on, None, LED))


def test_points_are_changed_added_removed_or_unchanged() -> None:
    """Each point of the scope is classified by its equipment before and after the works."""
    spans = [
        *_renovated(1, date(2025, 3, 10)),
        *_point(2, (date(2025, 4, 1), None, LED)),  # added by the works
        *_point(3, (date(2010, 1, 1), date(2025, 4, 2), SODIUM)),  # removed
        *_point(4, (date(2018, 1, 1), None, LED)),  # renovated years before
    ]
    works = works_of(spans, (date(2025, 3, 1), date(2025, 6, 30)), date(2026, 9, 1))
    assert works is not None
    kinds = {p.point_id: p.kind for p in works.points}
    assert kinds == {1: "changed", 2: "added", 3: "removed", 4: "unchanged"}
    assert (works.start, works.end, works.in_progress) == (
        date(2025, 3, 1),
        date(2025, 6, 30),
        False,
    )
    assert works.warnings == ()


def test_a_change_outside_the_works_dates_widens_them_and_is_said() -> None:
    """A point swapped a week before the recorded start stays in the works, and is reported."""
    spans = [*_renovated(1, date(2025, 2, 22)), *_renovated(2, date(2025, 7, 15))]
    works = works_of(spans, (date(2025, 3, 1), date(2025, 6, 30)), date(2026, 9, 1))
    assert works is not None
    assert (works.start, works.end, works.outside_dates) == (
        date(2025, 2, 22),
        date(2025, 7, 15),
        2,
    )
    assert "changes_outside_works_dates" in works.warnings
    assert [p.kind for p in works.points] == ["changed", "changed"]


def test_a_scope_whose_history_records_no_change_is_taken_as_treated() -> None:
    """No equipment change recorded: every point of the scope is treated, and it is said."""
    spans = [
        *_point(1, (date(2010, 1, 1), None, SODIUM)),
        *_point(2, (date(2010, 1, 1), None, LED)),
    ]
    works = works_of(spans, (date(2025, 3, 1), date(2025, 6, 30)), date(2026, 9, 1))
    assert works is not None
    assert [p.kind for p in works.points] == ["changed", "changed"]
    assert SILENT in works.warnings


def test_first_year_reports_the_days_since_the_works() -> None:
    """Two months after the works, the reporting period is those two months."""
    works = works_of(
        _renovated(1, date(2025, 6, 1)), (date(2025, 3, 1), date(2026, 1, 10)), date(2026, 3, 1)
    )
    assert works is not None
    assert periods_of(works, date(2026, 3, 1)) == (
        Period(date(2024, 3, 1), date(2025, 3, 1)),
        Period(date(2026, 1, 11), date(2026, 3, 1)),
    )


def test_later_years_report_a_rolling_year() -> None:
    """Years after the works, the reporting period is the latest 365 days."""
    works = works_of(
        _renovated(1, date(2021, 6, 1)), (date(2021, 3, 1), date(2021, 12, 15)), date(2026, 11, 26)
    )
    assert works is not None
    assert periods_of(works, date(2026, 11, 26))[1] == Period(
        date(2025, 11, 26), date(2026, 11, 26)
    )


def test_works_ending_today_have_an_empty_reporting_period() -> None:
    """Works that end the day before the computation leave no reporting day yet."""
    works = works_of(
        _renovated(1, date(2026, 6, 1)), (date(2026, 2, 2), date(2026, 11, 25)), date(2026, 11, 26)
    )
    assert works is not None
    assert periods_of(works, date(2026, 11, 26))[1].days == 0


def test_works_in_progress_report_from_the_first_point_changed() -> None:
    """While the works go on, the reporting period starts after the first point changed."""
    spans = [*_renovated(1, date(2026, 3, 1)), *_renovated(2, date(2026, 9, 1))]
    works = works_of(spans, (date(2026, 2, 2), None), date(2026, 11, 26))
    assert works is not None
    assert works.in_progress
    assert periods_of(works, date(2026, 11, 26))[1] == Period(date(2026, 3, 2), date(2026, 11, 26))


def test_a_done_action_without_an_end_date_ends_with_its_last_change() -> None:
    """An action marked done but with no actual end: its works end with the last change."""
    spans = [*_renovated(1, date(2024, 3, 1)), *_renovated(2, date(2024, 5, 1))]
    works = works_of(spans, (date(2024, 2, 1), None), date(2026, 11, 26), done=True)
    assert works is not None
    assert (works.in_progress, works.end) == (False, date(2024, 5, 1))
