"""``vigie seed generated``: territories drawn from parameters, several in one database."""

from __future__ import annotations

import psycopg
import pytest
from typer.testing import CliRunner

from core.errors import InvalidInput
from registry.generated import TerritoryPlan, fleet, seed_generated
from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]

BETA = TerritoryPlan(
    code="beta",
    name="Beta",
    points=600,
    districts=3,
    sodium_share=0.5,
    seed=7,
    timezone="America/Martinique",
    latitude=14.61,
    longitude=-61.05,
)

PER_TERRITORY = """
SELECT t.code, t.timezone, t.latitude, t.longitude,
       count(DISTINCT d.id) AS districts,
       count(DISTINCT cc.id) AS cabinets,
       count(DISTINCT lp.id) AS points,
       count(DISTINCT lp.id) FILTER (WHERE cur.technology = 'HPS') AS sodium,
       count(DISTINCT lp.id) FILTER (WHERE left(lp.code, length(t.code) + 1) <> t.code || '-')
           AS foreign_codes,
       count(DISTINCT lp.id) FILTER (WHERE cd.commune_id <> d.commune_id) AS crossed_cabinets
FROM territories t
JOIN communes c ON c.territory_id = t.id
JOIN districts d ON d.commune_id = c.id
JOIN light_points lp ON lp.district_id = d.id
JOIN control_cabinets cc ON cc.id = lp.cabinet_id
JOIN districts cd ON cd.id = cc.district_id
JOIN light_points_current cur ON cur.id = lp.id
GROUP BY t.code, t.timezone, t.latitude, t.longitude
ORDER BY t.code
"""


def test_two_territories_in_one_database_keep_their_registries_apart(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alpha from the command line, Beta from a plan: each counts its own points, nothing mixes."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    made = CliRunner().invoke(
        cli,
        ["seed", "generated", "--code", "alpha", "--points", "1000", "--districts", "5",
         "--sodium-share", "0.25", "--seed", "3"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "alpha seeded: 1000 light points (250 sodium) in 5 districts" in made.output
    result = seed_generated(db, BETA)
    assert (result.created, result.light_points, result.sodium_points) == (True, 600, 300)
    rows = db.execute(PER_TERRITORY.encode()).fetchall()
    assert rows == [
        ("alpha", "Europe/Paris", 47.47, -0.55, 5, 25, 1000, 250, 0, 0),
        ("beta", "America/Martinique", 14.61, -61.05, 3, 15, 600, 300, 0, 0),
    ]
    equipment = db.execute(
        b"SELECT count(*) FROM light_point_equipment e"
        b" LEFT JOIN light_points lp ON lp.id = e.light_point_id WHERE lp.id IS NULL"
    ).fetchone()
    assert equipment == (0,)


def test_seeding_again_changes_nothing_and_the_seed_fixes_the_fleet(db: Conn) -> None:
    """A second run finds the territory; the same seed draws the same fleet, another seed not."""
    assert seed_generated(db, BETA).created
    again = seed_generated(db, BETA)
    assert (again.created, again.light_points) == (False, 600)
    assert list(fleet(BETA)) == list(fleet(BETA))
    other = TerritoryPlan(**{**BETA.__dict__, "seed": 8})
    assert list(fleet(other)) != list(fleet(BETA))
    assert sum(len(points) for _, points in fleet(other)) == BETA.points


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "Beta City"}, "lower-case letters, digits and '-'"),
        ({"timezone": "Mars/Olympus"}, "is not an IANA time zone"),
        ({"districts": 700}, "--districts must be between 1 and the number of points"),
    ],
)
def test_a_plan_that_cannot_be_a_territory_is_refused(
    db: Conn, change: dict[str, object], message: str
) -> None:
    """A bad code, time zone or district count is refused with the reason; nothing is written."""
    plan = TerritoryPlan(**{**BETA.__dict__, **change})
    with pytest.raises(InvalidInput, match=message):
        seed_generated(db, plan)
    assert db.execute(b"SELECT count(*) FROM territories").fetchone() == (0,)


def test_the_command_refuses_a_share_above_one() -> None:
    """``--sodium-share 1.5`` is a usage error naming the option."""
    refused = CliRunner().invoke(cli, ["seed", "generated", "--code", "x", "--sodium-share", "1.5"])
    assert refused.exit_code == 2
    assert "sodium-share" in refused.output
