"""``vigie seed angers``: the reference territory, its inventory and its policy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

import psycopg
import pytest
from servers import PostgresServer

from aggregation.degree_days import dju_meteo
from registry.angers import (
    NORMAL_HEATING_DJU,
    NORMAL_HEATING_DJU_MONTHS,
    REFERENCE_YEAR_DJU,
    TERRITORY,
)
from registry.inventory import light_points
from registry.seed import seed_angers
from simulator.sky import Sky

Conn = psycopg.Connection[tuple[object, ...]]


@pytest.fixture(scope="module")
def seeded(postgres: PostgresServer) -> Iterator[Conn]:
    """One database seeded with Angers for the whole module (seeding takes seconds)."""
    url = postgres.create_database("seeded_angers", template="vigie_template")
    with psycopg.connect(url, autocommit=True) as conn:
        result = seed_angers(conn)
        assert result.created
        yield conn


def _one(conn: Conn, query: str) -> object:
    row = conn.execute(query.encode()).fetchone()
    assert row is not None
    return row[0]


def test_fleet_has_angers_scale(seeded: Conn) -> None:
    """About 50,000 light points, about 8,000 of them still high-pressure sodium."""
    assert 48_000 <= int(str(_one(seeded, "SELECT count(*) FROM light_points"))) <= 52_000
    sodium = int(
        str(_one(seeded, "SELECT count(*) FROM light_points_current WHERE technology = 'HPS'"))
    )
    assert 7_500 <= sodium <= 8_500


def test_policy_tree_matches_the_seed_document(seeded: Conn) -> None:
    """Six missions, the seven renovation actions of mission 03, budgets totalling 93,595,633 €."""
    missions = seeded.execute("SELECT code, title FROM missions ORDER BY code").fetchall()
    assert [m[0] for m in missions] == ["01", "02", "03", "04", "05", "06"]
    assert missions[2][1] == "Eclairage public"
    actions = seeded.execute(
        "SELECT a.code FROM actions a JOIN missions m ON m.id = a.mission_id WHERE m.code = '03'"
    ).fetchall()
    assert len(actions) == 7
    assert _one(seeded, "SELECT sum(planned_eur) FROM budget_lines") == Decimal("93595633.00")
    lighting = _one(
        seeded,
        "SELECT sum(planned_eur) FROM budget_lines b JOIN missions m ON m.id = b.mission_id"
        " WHERE m.code = '03'",
    )
    assert lighting == Decimal("73535414.00")


def test_every_action_has_a_pilot_and_a_scope(seeded: Conn) -> None:
    """Each renovation action names its pilot and treats at least one district."""
    rows = seeded.execute(
        "SELECT a.code, p.email, count(s.id) FROM actions a JOIN people p ON p.id = a.pilot_id"
        " JOIN action_scopes s ON s.action_id = a.id AND s.role = 'treated' GROUP BY 1, 2"
    ).fetchall()
    assert len(rows) == 7
    assert all(count == 1 for _, _, count in rows)


def test_the_seeded_people_may_see_their_territory(seeded: Conn) -> None:
    """Every person of the seed may see Angers: they sign in to its pages, tokens name them."""
    unseen = seeded.execute(
        "SELECT p.email FROM people p WHERE NOT EXISTS (SELECT 1 FROM person_territories s"
        " JOIN territories t ON t.id = s.territory_id"
        " WHERE s.person_id = p.id AND t.code = 'angers')"
    ).fetchall()
    assert unseen == []


def test_departments_receive_the_alerts_no_action_covers(seeded: Conn) -> None:
    """Lighting assets go to the street-lighting department, meters to the buildings one."""
    rows = {
        str(kind): str(department)
        for kind, department in seeded.execute(
            "SELECT r.subject_kind, p.department FROM alert_recipients r"
            " JOIN people p ON p.id = r.person_id"
        )
    }
    assert rows["light_point"] == rows["cabinet"] == "Éclairage public"
    assert rows["meter"] == rows["building"] == "Bâtiments"


def test_renovated_points_keep_their_sodium_history(seeded: Conn) -> None:
    """A point of La Roseraie is LED now and was HPS before, switched within the action window."""
    rows = seeded.execute(
        "SELECT e.technology, e.valid_from, e.valid_to FROM light_point_equipment e"
        " JOIN light_points lp ON lp.id = e.light_point_id"
        " WHERE lp.code = (SELECT min(lp2.code) FROM light_points lp2"
        "  JOIN light_point_equipment e2 ON e2.light_point_id = lp2.id"
        "  JOIN districts d ON d.id = lp2.district_id"
        "  WHERE d.code = 'ANG-ROS' AND e2.technology = 'LED')"
        " ORDER BY e.valid_from"
    ).fetchall()
    assert [r[0] for r in rows] == ["HPS", "LED"]
    switched = rows[1][1]
    assert rows[0][2] == switched
    window = seeded.execute(
        "SELECT actual_start, actual_end FROM actions WHERE code = '03-ROS'"
    ).fetchone()
    assert window is not None
    assert window[0] <= switched <= window[1]  # type: ignore[operator]


def test_seeding_again_changes_nothing(seeded: Conn) -> None:
    """A second run finds the territory and leaves every table as it was."""
    fingerprint = (
        "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ("
        " SELECT * FROM light_point_equipment) t"
    )
    before = _one(seeded, fingerprint), _one(seeded, "SELECT count(*) FROM budget_lines")
    result = seed_angers(seeded)
    assert not result.created
    assert (_one(seeded, fingerprint), _one(seeded, "SELECT count(*) FROM budget_lines")) == before


def test_inventory_is_deterministic() -> None:
    """The same seed gives the same fleet; another seed gives another one."""
    first = [p for _, group in islice(light_points(7), 50) for p in group]
    again = [p for _, group in islice(light_points(7), 50) for p in group]
    other = [p for _, group in islice(light_points(8), 50) for p in group]
    assert first == again
    assert first != other


def test_decree_buildings_have_a_climate_basis(seeded: Conn) -> None:
    """Angers has a normal climate by month; every décret building its reference-year DJU."""
    normal, months = seeded.execute(
        b"SELECT normal_heating_dju, normal_heating_dju_months FROM territories"
    ).fetchone() or (None, None)
    assert normal == pytest.approx(NORMAL_HEATING_DJU)
    assert isinstance(months, list)
    assert sum(months) == pytest.approx(NORMAL_HEATING_DJU, abs=0.5)
    missing = _one(
        seeded,
        "SELECT count(*) FROM buildings WHERE tertiary_decree AND (reference_year IS NULL"
        " OR reference_consumption_kwh IS NULL OR reference_dju IS NULL)",
    )
    assert missing == 0
    assert _one(seeded, "SELECT count(*) FROM buildings WHERE tertiary_decree") == 209


def test_seeded_degree_days_are_those_of_the_simulated_climate() -> None:
    """The normal, its months and each reference year's DJU are the demo weather's (seed 49007)."""
    sky = Sky(TERRITORY[3], TERRITORY[4], 49007)
    years: dict[int, float] = {}
    months = [0.0] * 12
    for year in range(2001, 2021):
        day = date(year, 1, 1)
        while day.year == year:
            dju = dju_meteo(*(sky.mean_outdoor_c(day),) * 2)
            years[year] = years.get(year, 0.0) + dju
            months[day.month - 1] += dju / 20
            day += timedelta(days=1)
    normal = sum(years.values()) / 20
    assert abs(NORMAL_HEATING_DJU - normal) < 0.05
    assert max(abs(a - b) for a, b in zip(NORMAL_HEATING_DJU_MONTHS, months, strict=True)) < 0.05
    for year, dju in REFERENCE_YEAR_DJU.items():
        assert abs(dju - years[year]) < 0.05
