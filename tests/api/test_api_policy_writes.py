"""Creating and editing the policy through HTTP: who may, what is checked, what history is kept."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, settings_for
from typer.testing import CliRunner

from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]
ADA, BOB, LEA = "ada@town.example.org", "bob@town.example.org", "lea@town.example.org"
ACTION = {
    "code": "A3",
    "mission": "03",
    "title": "Renovate the Rue Haute",
    "pilot": ADA,
    "planned_start": "2025-01-01",
    "planned_end": "2025-06-30",
    "projected_saving_pct": 60,
    "saving_commitment": "guaranteed",
}


@pytest.fixture
def world(db: Conn) -> World:
    """A fresh world for each test: its writes do not leak into the next."""
    return make_world(db)


@pytest.fixture
def client(world: World, db_url: str) -> Iterator[httpx.Client]:
    """A client of the API serving the test's world."""
    with api_client(settings_for(db_url)) as running:
        yield running


def _as(  # noqa: PLR0913, PLR0917 - who asks, and the request as httpx takes it
    client: httpx.Client,
    world: World,
    who: str,
    method: str,
    path: str,
    json: object = None,
) -> httpx.Response:
    return client.request(method, path, headers=bearer(world.tokens[who]), json=json)


def _fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["field"] for e in response.json()["errors"]]


def test_admin_creates_a_mission_and_others_may_not(client: httpx.Client, world: World) -> None:
    """An admin creates and edits a mission; a viewer, an evaluator and a pilot get 403."""
    mission = {"policy": "P1", "code": "04", "title": "Buildings", "domain": "buildings"}
    for who in ("viewer", "evaluator", "ada"):
        refused = _as(client, world, who, "POST", "/v1/missions", mission)
        assert refused.status_code == 403, who
        assert "may not create missions; it needs admin" in refused.json()["detail"]
    created = _as(client, world, "admin", "POST", "/v1/missions", {**mission, "lead": LEA})
    assert created.status_code == 201
    assert (created.json()["code"], created.json()["lead"]["name"]) == ("04", "Lea Lead")
    again = _as(client, world, "admin", "POST", "/v1/missions", mission)
    assert again.status_code == 409
    edited = _as(client, world, "admin", "PATCH", "/v1/missions/04", {"title": "Bâtiments"})
    assert edited.json()["title"] == "Bâtiments"
    assert edited.json()["lead"]["name"] == "Lea Lead"


def test_a_mission_names_a_known_policy_and_a_person(client: httpx.Client, world: World) -> None:
    """An unknown policy, a lead who is not a person and a bad domain: 422s naming each field."""
    bad = {"policy": "NOPE", "code": "05", "title": "x", "lead": "nobody@town.example.org"}
    assert _fields(_as(client, world, "admin", "POST", "/v1/missions", bad)) == [
        "body.policy",
        "body.lead",
    ]
    domain = {"policy": "P1", "code": "05", "title": "x", "domain": "parking"}
    assert _fields(_as(client, world, "admin", "POST", "/v1/missions", domain)) == ["body.domain"]


def test_admin_creates_a_policy_of_the_served_territory(client: httpx.Client, world: World) -> None:
    """A new policy is the served territory's; naming another territory is refused."""
    created = _as(client, world, "admin", "POST", "/v1/policies", {"code": "P2", "title": "Two"})
    assert created.status_code == 201
    assert created.json() == {
        "code": "P2",
        "title": "Two",
        "ambition": None,
        "territory": "testville",
    }
    other = {"code": "P3", "title": "Three", "territory": "elsewhere"}
    assert _fields(_as(client, world, "admin", "POST", "/v1/policies", other)) == ["body.territory"]
    edited = _as(client, world, "admin", "PATCH", "/v1/policies/P2", {"ambition": "Sober"})
    assert edited.json()["ambition"] == "Sober"
    listed = _as(client, world, "viewer", "GET", "/v1/policies").json()
    assert [p["code"] for p in listed] == ["P1", "P2"]


def test_admin_creates_an_action_with_its_pilot_and_saving(
    client: httpx.Client, world: World
) -> None:
    """The new action has its mission, pilot, dates and guaranteed saving; a pilot may not."""
    assert _as(client, world, "ada", "POST", "/v1/actions", ACTION).status_code == 403
    created = _as(client, world, "admin", "POST", "/v1/actions", ACTION)
    assert created.status_code == 201
    body = created.json()
    assert (body["mission_code"], body["pilot"]["name"], body["status"]) == (
        "03",
        "Ada Pilot",
        "planned",
    )
    assert body["schedule"]["planned_end"] == "2025-06-30"
    assert body["saving"] == {
        "projected_saving_pct": 60.0,
        "projected_saving_kwh_per_year": None,
        "commitment": "guaranteed",
    }
    assert _as(client, world, "admin", "POST", "/v1/actions", ACTION).status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"planned_start": "2025-07-01"}, "body.planned_end"),
        ({"pilot": "nobody@town.example.org"}, "body.pilot"),
        ({"mission": "99"}, "body.mission"),
        ({"projected_saving_pct": None}, "body.saving_commitment"),
        ({"status": "finished"}, "body.status"),
    ],
)
def test_an_action_is_checked_field_by_field(
    client: httpx.Client, world: World, change: dict[str, object], field: str
) -> None:
    """Dates in the wrong order, a pilot who is not a person, an unknown mission...: 422."""
    response = _as(client, world, "admin", "POST", "/v1/actions", {**ACTION, **change})
    assert _fields(response) == [field]


def test_pilot_edits_their_action_and_not_another(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """Ada moves A1's dates and saving; she may not touch A2, nor move A1 to another mission."""
    change = {"actual_end": "2024-03-25", "title": "Renovated district 0", "term": "short"}
    edited = _as(client, world, "ada", "PATCH", "/v1/actions/A1", change)
    assert edited.status_code == 200
    assert edited.json()["schedule"]["actual_end"] == "2024-03-25"
    assert edited.json()["title"] == "Renovated district 0"
    assert _as(client, world, "ada", "PATCH", "/v1/actions/A2", change).status_code == 403
    moved = _as(client, world, "ada", "PATCH", "/v1/actions/A1", {"mission": "P9"})
    assert moved.status_code == 403
    backwards = _as(client, world, "ada", "PATCH", "/v1/actions/A1", {"actual_end": "2023-01-01"})
    assert _fields(backwards) == ["body.actual_end"]
    assert db.execute("SELECT actual_end::text FROM actions WHERE code = 'A1'").fetchone() == (
        "2024-03-25",
    )


def test_pilot_hands_over_and_changes_the_expected_saving(
    client: httpx.Client, world: World
) -> None:
    """Bob sets A2's projected saving, then hands the action to Ada, who may edit it from then."""
    saving = {"projected_saving_kwh_per_year": 12000, "saving_commitment": "projected"}
    assert _as(client, world, "bob", "PATCH", "/v1/actions/A2", saving).status_code == 200
    handed = _as(client, world, "bob", "PATCH", "/v1/actions/A2", {"pilot": ADA})
    assert handed.json()["pilot"]["name"] == "Ada Pilot"
    assert _as(client, world, "bob", "PATCH", "/v1/actions/A2", {"term": "long"}).status_code == 403
    assert _as(client, world, "ada", "PATCH", "/v1/actions/A2", {"term": "long"}).status_code == 200


def test_budgets_planned_by_admin_committed_and_spent_by_the_pilot(
    client: httpx.Client, world: World
) -> None:
    """A pilot may not set planned euros; an admin may; mission lines are an admin's."""
    path = "/v1/actions/A1/budgets/2025"
    amounts = {"committed_eur": 10, "spent_eur": 5}
    refused = _as(client, world, "ada", "PUT", path, {**amounts, "planned_eur": 100})
    assert refused.status_code == 403
    planned = _as(client, world, "admin", "PUT", path, {**amounts, "planned_eur": 100})
    assert planned.json() == {
        "year": 2025,
        "planned_eur": 100.0,
        "committed_eur": 10.0,
        "spent_eur": 5.0,
    }
    kept = _as(client, world, "ada", "PUT", path, {"committed_eur": 20, "spent_eur": 5})
    assert kept.json()["planned_eur"] == 100.0
    line = {"planned_eur": 5000, "committed_eur": 0, "spent_eur": 0}
    assert _as(client, world, "ada", "PUT", "/v1/missions/03/budgets/2025", line).status_code == 403
    mission = _as(client, world, "admin", "PUT", "/v1/missions/03/budgets/2025", line)
    assert mission.status_code == 200
    assert _as(client, world, "viewer", "GET", "/v1/missions/03").json()["budget"] == {
        "planned_eur": 205100.0,
        "committed_eur": 180020.0,
        "spent_eur": 160005.0,
    }


def test_history_names_who_changed_status_budgets_and_scope(
    client: httpx.Client, world: World
) -> None:
    """Status, budget and scope changes are in the action's history with their author."""
    _as(client, world, "ada", "PATCH", "/v1/actions/A1", {"status": "suspended"})
    _as(
        client,
        world,
        "ada",
        "PUT",
        "/v1/actions/A1/budgets/2024",
        {"committed_eur": 95000, "spent_eur": 80000},
    )
    scope = {"role": "control", "kind": "district", "code": "testville-D1"}
    _as(client, world, "ada", "POST", "/v1/actions/A1/scope", scope)
    history = _as(client, world, "viewer", "GET", "/v1/actions/A1/history").json()["items"]
    mine = [c for c in history if c["person"] is not None]
    assert [(c["subject"], c["operation"]) for c in mine] == [
        ("actions", "update"),
        ("budget_lines", "update"),
        ("action_scopes", "insert"),
    ]
    assert {c["person"]["name"] for c in mine} == {"Ada Pilot"}
    assert all(c["source"].startswith("api token ") for c in mine)
    assert (mine[0]["before"], mine[0]["after"]) == ({"status": "done"}, {"status": "suspended"})
    assert mine[1]["after"] == {"committed_eur": 95000.0}


def test_indicators_name_a_known_computation_with_its_parameters(
    client: httpx.Client, world: World
) -> None:
    """A computed indicator with its parameters; unknown ones and two owners are 422s."""
    indicator = {
        "code": "A1-LED",
        "title": "LED points",
        "kind": "activity",
        "unit": "points",
        "direction": "increase",
        "action": "A1",
        "computation": "light_points_renovated",
        "parameters": {"since": "2024-01-01"},
    }
    assert _as(client, world, "ada", "POST", "/v1/indicators", indicator).status_code == 403
    created = _as(client, world, "admin", "POST", "/v1/indicators", indicator)
    assert created.status_code == 201
    assert (created.json()["computation"], created.json()["parameters"]) == (
        "light_points_renovated",
        {"since": "2024-01-01"},
    )
    for change, field in (
        ({"computation": "magic"}, "body.computation"),
        ({"parameters": {"colour": "red"}}, "body.parameters"),
        ({"parameters": {"since": "soon"}}, "body.parameters"),
        ({"mission": "03"}, "body.action"),
        ({"action": "A9"}, "body.action"),
        ({"computation": None}, "body.parameters"),
    ):
        body = {**indicator, "code": "X-1", **change}
        assert _fields(_as(client, world, "admin", "POST", "/v1/indicators", body)) == [field]
    manual = _as(client, world, "admin", "PATCH", "/v1/indicators/A1-LED", {"computation": None})
    assert (manual.json()["computation"], manual.json()["parameters"]) == (None, {})
    computations = _as(client, world, "viewer", "GET", "/v1/computations").json()
    budget = next(c for c in computations if c["name"] == "budget_share")
    assert set(budget["parameters"]) == {"field"}


def test_targets_name_a_known_indicator(client: httpx.Client, world: World) -> None:
    """A target on an unknown indicator is a 422 naming body.indicator; a known one is set."""
    unknown = {"indicator": "NOPE", "target_on": "2026-12-31", "value": 5}
    assert _fields(_as(client, world, "admin", "POST", "/v1/targets", unknown)) == [
        "body.indicator"
    ]
    target = {"indicator": "A1-ENERGY", "target_on": "2026-12-31", "value": 800}
    assert _as(client, world, "ada", "POST", "/v1/targets", target).status_code == 403
    assert _as(client, world, "admin", "POST", "/v1/targets", target).status_code == 200
    earlier = {"indicator": "A1-ENERGY", "target_on": "2024-06-30", "value": 950}
    assert _as(client, world, "admin", "POST", "/v1/targets", earlier).status_code == 200
    targets = _as(client, world, "viewer", "GET", "/v1/indicators/A1-ENERGY").json()["targets"]
    assert targets == [
        {"target_on": "2024-06-30", "value": 950.0},
        {"target_on": "2025-12-31", "value": 900.0},
        {"target_on": "2026-12-31", "value": 800.0},
    ]
    path = "/v1/targets/A1-ENERGY/2026-12-31"
    assert _as(client, world, "admin", "DELETE", path).status_code == 204
    assert _as(client, world, "admin", "DELETE", path).status_code == 404


def test_people_and_their_roles(client: httpx.Client, world: World) -> None:
    """An admin registers a person with roles and changes them; a viewer may not read people."""
    person = {"email": "zoe@town.example.org", "name": "Zoé", "roles": ["pilot", "evaluator"]}
    assert _as(client, world, "ada", "POST", "/v1/people", person).status_code == 403
    created = _as(client, world, "admin", "POST", "/v1/people", person)
    assert created.status_code == 201
    assert created.json()["roles"] == ["evaluator", "pilot"]
    assert _as(client, world, "admin", "POST", "/v1/people", person).status_code == 409
    path = f"/v1/people/{created.json()['id']}"
    changed = _as(client, world, "admin", "PATCH", path, {"roles": ["viewer"], "department": "IT"})
    assert (changed.json()["roles"], changed.json()["department"]) == (["viewer"], "IT")
    taken = _as(client, world, "admin", "PATCH", path, {"email": ADA})
    assert _fields(taken) == ["body.email"]
    assert _as(client, world, "viewer", "GET", "/v1/people").status_code == 403
    emails = [p["email"] for p in _as(client, world, "evaluator", "GET", "/v1/people").json()]
    assert emails == [ADA, BOB, LEA, "zoe@town.example.org"]


def test_a_token_carries_one_of_the_persons_roles(
    db_url: str, world: World, db: Conn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigie token create` refuses a role the person does not hold, once they hold some."""
    db.execute(
        "INSERT INTO person_roles (person_id, role) VALUES (%s, 'pilot')", (world.people["ada"],)
    )
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    runner = CliRunner()
    refused = runner.invoke(cli, ["token", "create", "--role", "admin", "--person", ADA])
    assert refused.exit_code == 1
    assert "holds the roles pilot, not admin" in str(refused.exception)
    made = runner.invoke(cli, ["token", "create", "--role", "pilot", "--person", ADA])
    assert made.exit_code == 0, made.output
    free = runner.invoke(cli, ["token", "create", "--role", "admin", "--person", LEA])
    assert free.exit_code == 0, free.output
