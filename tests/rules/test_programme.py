"""P-01: an action's measured saving against the saving it projected or guaranteed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rulekit import Conn, Place, live_alerts, make_place, run

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
RULE = "savings_behind_projection_lighting"


def _effect(
    db: Conn, place: Place, saved_pct: float, hours: int, *, sufficient: bool = True
) -> None:
    db.execute(
        b"INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,"
        b" reporting_start, reporting_end, saved_pct, coverage_baseline, coverage_reporting,"
        b" sufficient, headline, computed_at)"
        b" VALUES (%s, 'cabinet_meters', '1', %s, %s, %s, %s, %s, 0.98, 0.97, %s, true, %s)",
        (
            place.policy.actions["renovation"],
            date(2024, 1, 1),
            date(2025, 1, 1),
            date(2025, 1, 1),
            date(2026, 1, 1) + timedelta(days=hours),
            saved_pct,
            sufficient,
            NOW - timedelta(days=10) + timedelta(hours=hours),
        ),
    )


def test_guaranteed_saving_missed_alerts_the_pilot_and_clears_with_hysteresis(db: Conn) -> None:
    """40 % of a guaranteed 60 %: high, to the pilot; 55 %: no change; 58 %: resolved."""
    place = make_place(db)
    db.execute(
        b"UPDATE actions SET projected_saving_pct = 60, saving_commitment = 'guaranteed'"
        b" WHERE id = %s",
        (place.policy.actions["renovation"],),
    )
    _effect(db, place, 40.0, 0)
    run(db, place, RULE, NOW)
    opened = live_alerts(db, RULE)
    summary = db.execute(b"SELECT summary FROM alerts").fetchone()
    _effect(db, place, 20.0, 1, sufficient=False)  # not enough data: no change
    run(db, place, RULE, NOW)
    _effect(db, place, 55.0, 2)
    run(db, place, RULE, NOW)
    held = live_alerts(db, RULE)
    _effect(db, place, 58.0, 3)
    run(db, place, RULE, NOW)
    action = place.policy.actions["renovation"]
    assert opened == [(action, "high", "open", place.policy.people["pilot"], "action_pilot")]
    assert summary is not None
    assert "saves 40.0 %, 67 % of the 60.0 % guaranteed" in str(summary[0])
    assert held == opened
    assert live_alerts(db, RULE) == []


def test_projection_met_or_absent_is_quiet(db: Conn) -> None:
    """An action saving what it projected, or projecting nothing, raises nothing."""
    place = make_place(db)
    _effect(db, place, 10.0, 0)
    run(db, place, RULE, NOW)
    db.execute(
        b"UPDATE actions SET projected_saving_pct = 30, saving_commitment = 'projected'"
        b" WHERE id = %s",
        (place.policy.actions["renovation"],),
    )
    _effect(db, place, 31.0, 1)
    run(db, place, RULE, NOW)
    assert live_alerts(db, RULE) == []


AT_RISK = "figure_at_risk_lighting"


def _filling(db: Conn, place: Place, days: int, coverage: float, minute: int) -> None:
    """A headline effect whose reporting period began ``days`` ago, ``coverage`` covered."""
    end = date(2026, 10, 28) + timedelta(days=minute)
    db.execute(
        b"INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,"
        b" reporting_start, reporting_end, saved_pct, coverage_baseline, coverage_reporting,"
        b" sufficient, headline, computed_at)"
        b" VALUES (%s, 'cabinet_meters', '1', %s, %s, %s, %s, 50, 0.98, %s, false, true, %s)",
        (
            place.policy.actions["renovation"],
            date(2024, 1, 1),
            date(2025, 1, 1),
            end - timedelta(days=days),
            end,
            coverage,
            NOW - timedelta(days=1) + timedelta(minutes=minute),
        ),
    )


def test_a_thinly_covered_year_still_filling_alerts_its_pilot_before_it_is_too_late(
    db: Conn,
) -> None:
    """80 % after 100 days: medium; 91 %: no change; 95 %: resolved; a lost year: high."""
    place = make_place(db)
    action = place.policy.actions["renovation"]
    pilot = place.policy.people["pilot"]
    _filling(db, place, 100, 0.80, 0)
    run(db, place, AT_RISK, NOW)
    opened = live_alerts(db, AT_RISK)
    summary = db.execute(b"SELECT summary FROM alerts").fetchone()
    _filling(db, place, 110, 0.91, 1)
    run(db, place, AT_RISK, NOW)
    held = live_alerts(db, AT_RISK)
    _filling(db, place, 120, 0.95, 2)
    run(db, place, AT_RISK, NOW)
    cleared = live_alerts(db, AT_RISK)
    # 300 days half covered: 150 + 65 days at best, 59 % of a year.
    _filling(db, place, 300, 0.50, 3)
    run(db, place, AT_RISK, NOW)
    assert opened == [(action, "medium", "open", pilot, "action_pilot")]
    assert summary is not None
    assert str(summary[0]).endswith(
        "-03-D0: its reporting year is 80 % covered after 100 days, at best 95 % by its end;"
        " a reportable figure needs 90 %"
    )
    assert held == opened
    assert cleared == []
    assert live_alerts(db, AT_RISK) == [(action, "high", "open", pilot, "action_pilot")]


def test_a_whole_year_or_a_well_covered_one_is_quiet(db: Conn) -> None:
    """A complete reporting year (its figure speaks for itself) or 97 % covered: no alert."""
    place = make_place(db)
    _filling(db, place, 365, 0.50, 0)
    run(db, place, AT_RISK, NOW)
    _filling(db, place, 40, 0.97, 1)
    run(db, place, AT_RISK, NOW)
    assert live_alerts(db, AT_RISK) == []
