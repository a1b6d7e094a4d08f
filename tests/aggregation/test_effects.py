"""Known answers for the effects of actions, from simulated readings through rollups to effects.

One simulated territory, readings every hour from January 2024 to mid-January 2026:
district 0 is renovated from HPS to dimmed LED in the first two weeks of 2025, district 1 is
left alone and serves as control, district 2 is renovated too but two of its five points never
report (60 % coverage).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import psycopg
import pytest
from aggregation_sim import Regime, copy_lamp_rows, lamp_rows, true_kwh
from conftest import TEMPLATE
from factories import make_territory
from servers import PostgresServer

from aggregation import effects, indicators, jobs, store, weather_reports
from aggregation.builtin_indicators import define_builtin_indicators

Conn = psycopg.Connection[tuple[object, ...]]
HPS = Regime(172.5)
LED = Regime(70.0, dimmed_hours=6.0, dimmed_fraction=0.5)
WORKS = (date(2025, 1, 1), date(2025, 1, 14))
FIRST, END = date(2024, 1, 1), date(2026, 1, 16)
AS_OF = date(2026, 1, 15)


def _regime(*, renovated: bool) -> Callable[[date], Regime]:
    return lambda night: LED if renovated and night >= WORKS[0] + timedelta(days=6) else HPS


def _action(db: Conn, mission: int, code: str, scopes: list[tuple[str, int]]) -> int:
    row = db.execute(
        "INSERT INTO actions (mission_id, code, title, planned_start, planned_end, actual_start,"
        " actual_end) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (mission, code, code, *WORKS, *WORKS),
    ).fetchone()
    assert row is not None
    action = int(str(row[0]))
    for role, district in scopes:
        db.execute(
            "INSERT INTO action_scopes (action_id, role, district_id) VALUES (%s, %s, %s)",
            (action, role, district),
        )
    return action


@pytest.fixture(scope="module")
def shared(postgres: PostgresServer) -> Iterator[Conn]:
    """One database for the module: the simulated territory is built once."""
    url = postgres.create_database("effects_known_answers", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def territory(shared: Conn) -> dict[str, int]:
    """The simulated territory, its readings rolled up, its actions and their effects."""
    db = shared
    # 150 W sodium lamps with 15 % ballast loss draw the simulated 172.5 W.
    made = make_territory(
        db, districts=3, points_per_cabinet=5, technology="HPS", nominal_power_w=150.0
    )
    for n, (code, point) in enumerate(sorted(made.point_ids.items())):
        district = int(code[-5])
        if district == 2 and code.endswith(("003", "004")):
            continue
        rows = lamp_rows(
            point,
            FIRST,
            END,
            _regime(renovated=district in {0, 2}),
            seed=n,
            step=timedelta(hours=1),
        )
        copy_lamp_rows(db, rows)
    row = db.execute(
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'Policy') RETURNING id",
        (made.territory_id,),
    ).fetchone()
    assert row is not None
    mission_row = db.execute(
        "INSERT INTO missions (policy_id, code, title, domain)"
        " VALUES (%s, '03', 'Lighting', 'lighting') RETURNING id",
        (row[0],),
    ).fetchone()
    assert mission_row is not None
    mission = int(str(mission_row[0]))
    d0, d1, d2 = made.district_ids
    actions = {
        "renovated": _action(db, mission, "A-REN", [("treated", d0), ("control", d1)]),
        "untouched": _action(db, mission, "A-NONE", [("treated", d1)]),
        "sparse": _action(db, mission, "A-SPARSE", [("treated", d2)]),
    }
    _renovate(db, [p for c, p in made.point_ids.items() if int(c[-5]) in {0, 2}])
    db.execute(
        "INSERT INTO budget_lines (mission_id, action_id, year, planned_eur, spent_eur)"
        " VALUES (%s, %s, 2025, 1000, 500)",
        (mission, actions["renovated"]),
    )
    jobs.aggregate_all(db)
    (place,) = store.territories(db, made.code)
    effects.compute_effects(db, place, AS_OF)
    define_builtin_indicators(db, "P")
    indicators.compute_indicators(db, place, "year", date(2025, 1, 1), date(2026, 1, 1))
    weather_reports.report_weather(db, place, AS_OF)
    return actions


def _renovate(db: Conn, points: list[int]) -> None:
    """Record the HPS to LED swap in the equipment history, as the registry would."""
    swap = WORKS[0] + timedelta(days=6)
    for point in points:
        db.execute(
            "UPDATE light_point_equipment SET valid_to = %s WHERE light_point_id = %s",
            (swap, point),
        )
        db.execute(
            "INSERT INTO light_point_equipment (light_point_id, valid_from, technology,"
            " nominal_power_w, controller_id, remote_controlled, dimmable)"
            " VALUES (%s, %s, 'LED', 70, %s, true, true)",
            (point, swap, f"LED-{point}"),
        )


def _effect(db: Conn, action: int, method: str) -> dict[str, object]:
    cur = db.execute(
        "SELECT saved_pct, saved_pct_low, saved_pct_high, sufficient, warnings,"
        " coverage_baseline, coverage_reporting, fit FROM effects_latest"
        " WHERE action_id = %s AND method = %s",
        (action, method),
    )
    names = [c.name for c in cur.description or []]
    row = cur.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def _true_saving() -> float:
    reporting = (WORKS[1] + timedelta(days=1), AS_OF)
    return 100 * (1 - true_kwh(*reporting, LED) / true_kwh(*reporting, HPS))


def test_renovated_district_saving_is_within_three_points(
    shared: Conn, territory: dict[str, int]
) -> None:
    """HPS to dimmed LED: within ±3 points of the truth, and the interval covers the truth."""
    truth = _true_saving()
    for method in ("lighting_burning_hours", "lighting_difference_in_differences"):
        found = _effect(shared, territory["renovated"], method)
        assert found["saved_pct"] == pytest.approx(truth, abs=3.0), method
        assert float(str(found["saved_pct_low"])) <= truth <= float(str(found["saved_pct_high"]))
        assert found["sufficient"] is True
        assert found["warnings"] == []


def test_nameplate_baseline_finds_the_saving_without_metered_history(
    shared: Conn, territory: dict[str, int]
) -> None:
    """The former lamps' nameplate power x burning hours finds the true saving, and says so."""
    truth = _true_saving()
    found = _effect(shared, territory["renovated"], "lighting_nameplate_baseline")
    assert found["saved_pct"] == pytest.approx(truth, abs=3.0)
    assert float(str(found["saved_pct_low"])) <= truth <= float(str(found["saved_pct_high"]))
    assert found["warnings"] == ["baseline_stipulated_from_nameplate_power"]
    assert found["sufficient"] is True


def test_untouched_district_shows_no_saving_across_seasons(
    shared: Conn, territory: dict[str, int]
) -> None:
    """A district nobody touched shows no saving: winter nights are not taken for an effect."""
    found = _effect(shared, territory["untouched"], "lighting_burning_hours")
    assert abs(float(str(found["saved_pct"]))) < 1.5
    assert float(str(found["saved_pct_low"])) <= 0.0 <= float(str(found["saved_pct_high"]))


def test_district_with_two_silent_points_is_extrapolated_and_flagged(
    shared: Conn, territory: dict[str, int]
) -> None:
    """Two silent points out of five: the three measured stand for all, flagged as too few."""
    truth = _true_saving()
    found = _effect(shared, territory["sparse"], "lighting_burning_hours")
    assert found["saved_pct"] == pytest.approx(truth, abs=3.0)
    assert found["fit"]["measured_share"] == pytest.approx(0.6)  # type: ignore[index]
    assert "extrapolated_from_measured_units" in found["warnings"]  # type: ignore[operator]
    assert "fewer_than_5_units_measured" in found["warnings"]  # type: ignore[operator]
    assert found["sufficient"] is False


def _value(db: Conn, code: str) -> float | None:
    row = db.execute(
        "SELECT v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
        " WHERE i.code = %s AND v.period = 'year' AND v.period_start = '2025-01-01'",
        (code,),
    ).fetchone()
    return None if row is None else float(str(row[0]))


def test_built_in_indicators_of_the_renovation(shared: Conn, territory: dict[str, int]) -> None:
    """LED points, HPS left, ISO 37122 shares, budget and saving have their known values."""
    assert _value(shared, "P-A-REN-LED") == 5
    assert _value(shared, "P-03-LED") == 10
    assert _value(shared, "P-03-HPS") == 5
    assert _value(shared, "P-03-ISO37122-7.6") == pytest.approx(100.0)
    assert _value(shared, "P-03-ISO37122-7.7") == pytest.approx(100.0 * 10 / 15)
    assert _value(shared, "P-A-REN-SPENT") == pytest.approx(50.0)
    assert _value(shared, "P-A-REN-SAVED-PCT") == pytest.approx(_true_saving(), abs=3.0)
    consumed = _value(shared, "P-03-ENERGY")
    assert consumed is not None
    assert consumed > 0
    provenance = shared.execute(
        "SELECT v.method, v.method_version, v.run_id IS NOT NULL FROM indicator_values v"
        " JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'P-03-HPS'"
    ).fetchone()
    assert provenance == ("hps_points_remaining", "1.0", True)


def test_meteo_of_actions_and_mission_with_explanations(
    shared: Conn, territory: dict[str, int]
) -> None:
    """The renovation rains on its half-spent budget; the sparse district has no data; why."""
    rows = shared.execute(
        "SELECT subject_kind, subject_id, status, explanation FROM meteo_current"
    ).fetchall()
    statuses = {(str(k), int(str(i))): (str(s), str(e)) for k, i, s, e in rows}
    status, explanation = statuses["action", territory["renovated"]]
    assert status == "rainy"
    assert "Budget spent" in explanation
    status, explanation = statuses["action", territory["sparse"]]
    assert status == "no_data"
    assert "60%" in explanation
    mission = [v for k, v in statuses.items() if k[0] == "mission"]
    assert mission[0][0] == "stormy"
    assert "actions rainy or stormy" in mission[0][1]
    history = shared.execute("SELECT count(*) FROM meteo_history").fetchone()
    assert history is not None
    assert history[0] == len(statuses)


def test_fleet_indicators_change_on_the_day_of_the_swap(
    shared: Conn, territory: dict[str, int]
) -> None:
    """Daily HPS count and refurbished share move on the day the equipment history changes."""
    (place,) = [t for t in store.territories(shared) if t.code == "testville"]
    indicators.compute_indicators(shared, place, "day", date(2025, 1, 6), date(2025, 1, 9))
    rows = shared.execute(
        "SELECT v.period_start, i.code, v.value FROM indicator_values v"
        " JOIN indicators i ON i.id = v.indicator_id WHERE v.period = 'day'"
        " AND i.code IN ('P-03-HPS', 'P-03-ISO37122-7.7', 'P-03-ENERGY')"
    ).fetchall()
    values = {(r[0], str(r[1])): float(str(r[2])) for r in rows}
    assert values[date(2025, 1, 6), "P-03-HPS"] == 15
    assert values[date(2025, 1, 7), "P-03-HPS"] == 5
    assert values[date(2025, 1, 8), "P-03-HPS"] == 5
    assert values[date(2025, 1, 6), "P-03-ISO37122-7.7"] == 0
    assert values[date(2025, 1, 7), "P-03-ISO37122-7.7"] == pytest.approx(100 * 10 / 15)
    assert values[date(2025, 1, 8), "P-03-ISO37122-7.7"] == 0
    day = shared.execute(
        "SELECT sum(energy_wh) / 1000 FROM lamp_rollups_daily WHERE day = '2025-01-07'"
    ).fetchone()
    assert day is not None
    assert values[date(2025, 1, 7), "P-03-ENERGY"] == pytest.approx(float(str(day[0])))
