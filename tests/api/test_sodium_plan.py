"""The sodium transition plan: every point once, totals checked by hand, schedule, actions."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, date, datetime

import psycopg
import pytest
from api_world import api_client, bearer, make_world, settings_for
from factories import make_territory
from typer.testing import CliRunner

from api.plans import Plan, build_plan, knobs_of
from api.store_plans import sodium_points
from core.settings import Settings
from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]
TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _mixed_fleet(db: Conn) -> list[str]:
    """A town of 3 cabinets x 6 sodium points: powers 100/150/250 W, lamps of three ages."""
    town = make_territory(db, districts=3, points_per_cabinet=6, technology="HPS")
    for n, code in enumerate(town.point_codes):
        db.execute(
            b"UPDATE light_point_equipment SET nominal_power_w = %s, lamp_installed_on = %s,"
            b" lantern_installed_on = %s, ballast_loss_pct = %s"
            b" WHERE light_point_id = %s",
            (
                (100.0, 150.0, 250.0)[n % 3],
                (date(2019, 3, 1), date(2021, 6, 1), date(2024, 1, 1))[n // 6],
                date(2004, 1, 1),
                10.0 if n % 4 == 0 else 15.0,
                town.point_ids[code],
            ),
        )
        db.execute(
            b"UPDATE light_points SET street = %s WHERE code = %s",
            (("Rue A", "Rue B")[n % 2], code),
        )
    return town.point_codes


def _plan(db: Conn, settings: Settings) -> Plan:
    points = sodium_points(db, "testville", NOW)
    return build_plan("testville", points, knobs_of(settings), TODAY)


def _alive(hours: float) -> float:
    return math.exp(-math.log(2) * (hours / 28_000) ** 3.6)


def test_totals_agree_with_a_computation_by_hand(db: Conn) -> None:
    """Points, cost, kWh a year and spare lamps of 18 points, recomputed from first principles."""
    _mixed_fleet(db)
    settings = Settings(plan_capacity_points_per_month=100, plan_spare_lamps_in_stock=1)
    plan = _plan(db, settings)
    rows = db.execute(
        b"SELECT nominal_power_w, coalesce(ballast_loss_pct, 15), lamp_installed_on"
        b" FROM light_points_current WHERE technology = 'HPS'"
    ).fetchall()
    hours_a_year = 4_100.0
    kwh_relamp = sum(
        (float(str(w)) * (1 + float(str(b)) / 100) - float(str(w)) * 0.45) * hours_a_year / 1000
        for w, b, _ in rows
    )
    kwh_lantern = sum(
        (float(str(w)) * (1 + float(str(b)) / 100) - float(str(w)) * 0.4 * 0.75)
        * hours_a_year
        / 1000
        for w, b, _ in rows
    )
    # All 18 points fit January 2027: each is done on 1 Feb 2027, before the deadline.
    failures = 0.0
    for _, _, since in rows:
        assert isinstance(since, date)
        age = (TODAY - since).days * hours_a_year / 365.25
        later = age + (date(2027, 2, 1) - TODAY).days * hours_a_year / 365.25
        failures += (_alive(age) - _alive(later)) / _alive(age)
    assert plan.totals.points == 18
    assert plan.totals.relamp.cost_eur == 18 * 180.0
    assert plan.totals.lantern.cost_eur == 18 * 650.0
    assert plan.totals.relamp.kwh_saved_per_year == pytest.approx(kwh_relamp, abs=0.1)
    assert plan.totals.lantern.kwh_saved_per_year == pytest.approx(kwh_lantern, abs=0.1)
    assert plan.spares.failures_after_deadline == 0.0
    assert plan.spares.failures_before_deadline == pytest.approx(failures, abs=0.05)
    assert plan.spares.needed == math.ceil(failures)
    assert plan.spares.to_buy_before_deadline == max(math.ceil(failures) - 1, 0)
    assert plan.schedule.meets_deadline
    assert plan.schedule.finish == date(2027, 2, 1)


def test_every_sodium_point_is_in_exactly_one_package(db: Conn) -> None:
    """Packages split a cabinet by street under the size limit; no point twice, none missing."""
    codes = _mixed_fleet(db)
    db.execute(  # one point left on LED: not in the plan
        b"UPDATE light_point_equipment SET technology = 'LED' WHERE light_point_id ="
        b" (SELECT id FROM light_points WHERE code = %s)",
        (codes[0],),
    )
    plan = _plan(db, Settings(plan_package_max_points=4))
    planned = [code for k in plan.packages for code in k.points]
    assert sorted(planned) == sorted(codes[1:])
    assert len(planned) == len(set(planned))
    assert all(len(k.points) <= 4 for k in plan.packages)
    assert all(len(k.streets) == 1 for k in plan.packages)  # 3 points a street and cabinet
    assert [k.rank for k in plan.packages] == list(range(1, len(plan.packages) + 1))


def test_high_power_old_lanterns_come_first(db: Conn) -> None:
    """Packages of mostly >= 150 W points on lanterns over 15 years old rank in tier 1."""
    _mixed_fleet(db)
    plan = _plan(db, Settings(plan_package_max_points=3))
    tiers = [k.tier for k in plan.packages]
    assert tiers == sorted(tiers)
    assert tiers[0] == 1
    first = plan.packages[0]
    assert 2 * first.high_power_points > len(first.points)


def test_schedule_says_by_how_much_it_misses(db: Conn) -> None:
    """Two points a month from January 2027 leave 16 of 18 on sodium on 24 February 2027."""
    _mixed_fleet(db)
    plan = _plan(db, Settings(plan_capacity_points_per_month=2))
    s = plan.schedule
    assert s.start == date(2027, 1, 1)
    assert not s.meets_deadline
    assert s.remaining_at_deadline == 16
    assert s.capacity_needed_per_month == 18
    assert s.finish == date(2027, 10, 1)
    assert [m.points for m in s.months] == [2] * 9
    assert plan.spares.failures_after_deadline > 0


def test_api_plan_export_and_a_package_made_an_action(db: Conn, db_url: str) -> None:
    """The API gives the plan and its CSV, and makes a package an action scoped to its points."""
    world = make_world(db)
    db.execute(
        b"UPDATE light_point_equipment SET technology = 'HPS', nominal_power_w = 150,"
        b" dimmable = false"
    )
    admin, viewer = bearer(world.tokens["admin"]), bearer(world.tokens["viewer"])
    with api_client(settings_for(db_url)) as client:
        plan = client.get("/v1/plans/sodium", headers=viewer).json()
        exported = client.get("/v1/plans/sodium/export?format=csv", headers=viewer).text
        package = plan["packages"][0]
        body = {"code": "NA-SODIUM-1", "mission": "03", "package": package["code"]}
        refused = client.post("/v1/plans/sodium/actions", json=body, headers=viewer)
        made = client.post("/v1/plans/sodium/actions", json=body, headers=admin)
        unknown = client.post(
            "/v1/plans/sodium/actions",
            json={**body, "code": "NA-SODIUM-2", "package": "nope"},
            headers=admin,
        )
    assert plan["totals"]["points"] == len(world.town.point_codes)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["package"] for r in rows] == [k["code"] for k in plan["packages"]]
    assert refused.status_code == 403
    assert made.status_code == 201, made.text
    assert made.json()["code"] == "NA-SODIUM-1"
    assert unknown.status_code == 404
    scoped = db.execute(
        b"SELECT lp.code FROM action_scopes s JOIN actions a ON a.id = s.action_id"
        b" JOIN light_points lp ON lp.id = s.light_point_id WHERE a.code = 'NA-SODIUM-1'"
    ).fetchall()
    assert sorted(str(r[0]) for r in scoped) == sorted(package["points"])
    saving = db.execute(
        b"SELECT projected_saving_kwh_per_year FROM actions WHERE code = 'NA-SODIUM-1'"
    ).fetchone()
    assert saving is not None
    assert float(str(saving[0])) == pytest.approx(package["lantern"]["kwh_saved_per_year"])


def test_cli_lists_every_point_and_makes_the_whole_plan_an_action(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigie plan sodium --points` names each point once; sodium-action scopes them all."""
    world = make_world(db)
    db.execute(b"UPDATE light_point_equipment SET technology = 'HPS', dimmable = false")
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    monkeypatch.setenv("VIGIE_PLAN_CAPACITY_POINTS_PER_MONTH", "1")
    runner = CliRunner()
    shown = runner.invoke(cli, ["plan", "sodium", "--points"])
    made = runner.invoke(
        cli, ["plan", "sodium-action", "--code", "NA-ALL", "--mission", "03", "--option", "relamp"]
    )
    assert shown.exit_code == 0, shown.output
    listed = [w for w in shown.output.split() if w.startswith("testville-P")]
    assert sorted(listed) == sorted(world.town.point_codes)
    assert "MISSES 2027-02-24 by" in shown.output
    assert made.exit_code == 0, made.output
    scoped = db.execute(
        b"SELECT count(*) FROM action_scopes s JOIN actions a ON a.id = s.action_id"
        b" WHERE a.code = 'NA-ALL'"
    ).fetchone()
    assert scoped == (len(world.town.point_codes),)


def test_recorded_stock_is_what_the_plan_counts_spares_against(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigie plan stock --hps-lamps 7` is the stock of the next plan, unless --stock is given."""
    make_world(db)
    db.execute(b"UPDATE light_point_equipment SET technology = 'HPS', dimmable = false")
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    runner = CliRunner()
    recorded = runner.invoke(cli, ["plan", "stock", "--hps-lamps", "7", "--note", "depot"])
    as_json = runner.invoke(cli, ["plan", "sodium", "--format", "json"])
    given = runner.invoke(cli, ["plan", "sodium", "--format", "json", "--stock", "2"])
    assert recorded.exit_code == 0, recorded.output
    assert json.loads(as_json.output)["spares"]["in_stock"] == 7
    assert json.loads(given.output)["spares"]["in_stock"] == 2
