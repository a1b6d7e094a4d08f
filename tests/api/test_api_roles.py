"""What each role may read and write through HTTP, and what each is refused, with the reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_token, make_world, settings_for
from factories import login_url
from servers import PostgresServer

from api.routes.exports import EFFECT_COLUMNS, INDICATOR_VALUE_COLUMNS

Conn = psycopg.Connection[tuple[object, ...]]
PROBLEM = "application/problem+json"
TEMPLATE = "vigie_template"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def documented_columns(export: str) -> tuple[str, ...]:
    """The columns ``docs/exports.md`` lists, in order, under the export's heading."""
    section = DOCS.read_text(encoding="utf-8").split(f"## `{export}`", 1)[1].split("\n## ", 1)[0]
    return tuple(line.split("`")[1] for line in section.splitlines() if line.startswith("| `"))


@pytest.fixture(scope="module", params=["owner", "vigie_api"])
def world_db(
    postgres: PostgresServer, request: pytest.FixtureRequest
) -> Iterator[tuple[str, Conn, World]]:
    """One database with the world per run of the module, the API connecting as each role.

    First as the owner, then as a member of vigie_api, its role in production.
    """
    url = postgres.create_database(f"api_roles_{request.param}", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = make_world(conn)
        api_url = url if request.param == "owner" else login_url(url, request.param)
        yield api_url, conn, world
    postgres.drop_database(f"api_roles_{request.param}")


@pytest.fixture(scope="module")
def client(world_db: tuple[str, Conn, World]) -> Iterator[httpx.Client]:
    """A client of the API serving the world."""
    with api_client(settings_for(world_db[0])) as running:
        yield running


@pytest.fixture(scope="module")
def world(world_db: tuple[str, Conn, World]) -> World:
    """The world's ids and tokens."""
    return world_db[2]


def _as(  # noqa: PLR0913 - who asks, and the request as httpx takes it
    client: httpx.Client,
    world: World,
    who: str,
    method: str,
    path: str,
    *,
    json: object = None,
) -> httpx.Response:
    return client.request(method, path, headers=bearer(world.tokens[who]), json=json)


def test_no_token_is_a_401_problem_that_says_why(client: httpx.Client) -> None:
    """Without a token: 401, WWW-Authenticate: Bearer, a problem naming the missing header."""
    response = client.get("/v1/policy")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401
    assert "Authorization: Bearer" in body["detail"]
    assert body["instance"] == "/v1/policy"


def test_unknown_and_revoked_tokens_are_refused(
    client: httpx.Client, world_db: tuple[str, Conn, World]
) -> None:
    """An unknown token and a revoked one each get a 401 saying which it is."""
    _, conn, _ = world_db
    assert client.get("/v1/policy", headers=bearer("vigie_nope")).json()["detail"] == (
        "the bearer token is unknown"
    )
    token = make_token(conn, "admin")
    assert client.get("/v1/policy", headers=bearer(token)).status_code == 200
    conn.execute(
        "UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND id = "
        "(SELECT max(id) FROM api_tokens)"
    )
    response = client.get("/v1/policy", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["detail"] == "the bearer token was revoked"


def test_tokens_are_stored_hashed(world_db: tuple[str, Conn, World]) -> None:
    """No token appears in the database, only its SHA-256."""
    _, conn, world = world_db
    stored = {str(r[0]) for r in conn.execute("SELECT token_sha256 FROM api_tokens")}
    assert not stored & set(world.tokens.values())
    assert all(len(h) == 64 for h in stored)


def test_viewer_reads_the_policy_tree_with_budgets_and_meteo(
    client: httpx.Client, world: World
) -> None:
    """The policy tree has the mission, its two actions, summed budgets and the météo."""
    response = _as(client, world, "viewer", "GET", "/v1/policy")
    assert response.status_code == 200
    policy = response.json()
    assert policy["territory"] == "testville"
    assert policy["timezone"] == "Europe/Paris"
    mission = policy["missions"][0]
    assert [a["code"] for a in mission["action_list"]] == ["A1", "A2"]
    assert mission["budget"]["planned_eur"] == 200_000.0
    assert mission["action_list"][0]["meteo"] == {
        "status": "sunny",
        "explanation": "savings above target",
    }
    assert mission["action_list"][1]["meteo"]["status"] == "no_data"


@pytest.mark.parametrize(
    "path", ["/v1/alerts", "/v1/exports/effects", "/v1/exports/indicator-values"]
)
def test_viewer_is_refused_alerts_and_exports(
    client: httpx.Client, world: World, path: str
) -> None:
    """A viewer gets a 403 naming their role and the roles that may."""
    response = _as(client, world, "viewer", "GET", path)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"].startswith("role viewer may not")


def test_viewer_sees_no_alert_inside_an_action(client: httpx.Client, world: World) -> None:
    """An action read by a viewer has no alerts; read by its pilot it counts and shows theirs."""
    assert _as(client, world, "viewer", "GET", "/v1/actions/A1").json()["open_alerts"] is None
    mine = _as(client, world, "ada", "GET", "/v1/actions/A1").json()["open_alerts"]
    assert (mine["total"], mine["by_state"], mine["by_severity"]["high"]) == (
        1,
        {"open": 1, "acknowledged": 0},
        1,
    )
    assert [a["id"] for a in mine["newest"]] == [world.alerts["A1"]]
    assert mine["list_url"] == "/v1/alerts?action=A1&live=true&territory=testville"
    listed = _as(client, world, "ada", "GET", mine["list_url"]).json()["items"]
    assert [a["id"] for a in listed] == [world.alerts["A1"]]
    others = _as(client, world, "ada", "GET", "/v1/actions/A2").json()["open_alerts"]
    assert (others["total"], others["newest"]) == (0, [])
    assert _as(client, world, "ada", "GET", others["list_url"]).json()["items"] == []


def test_action_detail_has_scope_budgets_indicators_effects_analyses(
    client: httpx.Client, world: World
) -> None:
    """An action shows its scope, yearly budget, indicators with targets and its effect."""
    action = _as(client, world, "evaluator", "GET", "/v1/actions/A1").json()
    assert action["scope"] == [
        {
            "id": action["scope"][0]["id"],
            "role": "treated",
            "kind": "district",
            "code": "testville-D0",
            "street": None,
            "existed_on": None,
            "area": None,
        }
    ]
    assert action["budgets"] == [
        {"year": 2024, "planned_eur": 100000.0, "committed_eur": 90000.0, "spent_eur": 80000.0}
    ]
    assert {i["code"] for i in action["indicators"]} == {"A1-ENERGY", "A1-DONE"}
    energy = next(i for i in action["indicators"] if i["code"] == "A1-ENERGY")
    assert energy["targets"] == [{"target_on": "2025-12-31", "value": 900.0}]
    (effect,) = action["effects"]
    assert (effect["saved_kwh"], effect["saved_kwh_low"], effect["saved_kwh_high"]) == (
        4000,
        3500,
        4500,
    )
    assert effect["method_version"] == "1.0"
    assert effect["warnings"] == ["control group smaller than scope"]
    # The detail's parts, read in one statement, are what the lists of each part answer.
    effects = _as(client, world, "evaluator", "GET", "/v1/actions/A1/effects").json()
    indicators = _as(client, world, "evaluator", "GET", "/v1/indicators?action=A1").json()
    assert (action["effects"], action["indicators"]) == (effects, indicators["items"])


def test_actions_filter_and_page(client: httpx.Client, world: World) -> None:
    """Filters by pilot and district; a page of one gives a cursor to the next and the last."""
    ada = world.people["ada"]
    by_pilot = _as(client, world, "viewer", "GET", f"/v1/actions?pilot={ada}").json()
    assert [a["code"] for a in by_pilot["items"]] == ["A1"]
    by_district = _as(client, world, "viewer", "GET", "/v1/actions?district=testville-D1").json()
    assert [a["code"] for a in by_district["items"]] == ["A2"]
    first = _as(client, world, "viewer", "GET", "/v1/actions?limit=1").json()
    second = _as(
        client, world, "viewer", "GET", f"/v1/actions?limit=1&cursor={first['next_cursor']}"
    ).json()
    assert [first["items"][0]["code"], second["items"][0]["code"]] == ["A1", "A2"]
    last = _as(
        client, world, "viewer", "GET", f"/v1/actions?limit=1&cursor={second['next_cursor']}"
    ).json()
    assert last == {"items": [], "next_cursor": None}


def test_indicator_values_over_a_range(client: httpx.Client, world: World) -> None:
    """Monthly values starting in [from, to), with method, coverage and warnings."""
    response = _as(
        client,
        world,
        "viewer",
        "GET",
        "/v1/indicators/A1-ENERGY/values?period=month&from=2024-01-01&to=2024-04-01",
    )
    values = response.json()["items"]
    assert [v["period_start"] for v in values] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert values[0]["warnings"] == ["low coverage"]
    assert values[0]["method"] == "scope_energy"


def test_pilot_sees_and_acts_only_on_their_alerts(client: httpx.Client, world: World) -> None:
    """Ada lists only her alert, cannot see Bob's (404), acknowledges, resolves, closes hers."""
    listed = _as(client, world, "ada", "GET", "/v1/alerts").json()["items"]
    assert [a["id"] for a in listed] == [world.alerts["A1"]]
    bobs = world.alerts["A2"]
    assert _as(client, world, "ada", "GET", f"/v1/alerts/{bobs}").status_code == 404
    assert (
        _as(client, world, "ada", "POST", f"/v1/alerts/{bobs}/acknowledge", json={}).status_code
        == 404
    )
    mine = world.alerts["A1"]
    acked = _as(
        client, world, "ada", "POST", f"/v1/alerts/{mine}/acknowledge", json={"comment": "on it"}
    )
    assert acked.status_code == 200
    assert acked.json()["state"] == "acknowledged"
    assert acked.json()["acknowledged_by"] == world.people["ada"]
    no_comment = _as(client, world, "ada", "POST", f"/v1/alerts/{mine}/resolve", json={})
    assert no_comment.status_code == 422
    assert no_comment.json()["errors"][0]["field"] == "body.comment"
    resolved = _as(
        client,
        world,
        "ada",
        "POST",
        f"/v1/alerts/{mine}/resolve",
        json={"comment": "lamp replaced"},
    )
    assert resolved.json()["state"] == "resolved"
    assert [e["kind"] for e in resolved.json()["events"]] == ["acknowledged", "resolved"]
    again = _as(
        client, world, "ada", "POST", f"/v1/alerts/{mine}/resolve", json={"comment": "again"}
    )
    assert again.status_code == 409
    assert "is resolved" in again.json()["detail"]
    closed = _as(client, world, "ada", "POST", f"/v1/alerts/{mine}/close", json={})
    assert closed.json()["state"] == "closed"
    reopened = _as(client, world, "ada", "POST", f"/v1/alerts/{mine}/acknowledge", json={})
    assert reopened.status_code == 409
    assert reopened.json()["detail"] == f"alert {mine} is closed: cannot acknowledge it"


def test_evaluator_reads_every_alert_and_cannot_act(client: httpx.Client, world: World) -> None:
    """An evaluator lists both pilots' alerts, filters them, and may not acknowledge or close."""
    listed = _as(client, world, "evaluator", "GET", "/v1/alerts?rule=day_burner").json()["items"]
    assert {a["id"] for a in listed} >= {world.alerts["A1"], world.alerts["A2"]}
    bob = world.people["bob"]
    by_pilot = _as(client, world, "evaluator", "GET", f"/v1/alerts?pilot={bob}").json()["items"]
    assert [a["id"] for a in by_pilot] == [world.alerts["A2"]]
    for change in ("acknowledge", "close"):
        refused = _as(
            client, world, "evaluator", "POST", f"/v1/alerts/{world.alerts['A2']}/{change}", json={}
        )
        assert refused.status_code == 403


def test_pilot_changes_their_action_and_not_another(client: httpx.Client, world: World) -> None:
    """Bob sets A2's status and budget; he may not touch A1; a viewer may not either."""
    changed = _as(client, world, "bob", "PATCH", "/v1/actions/A2", json={"status": "suspended"})
    assert changed.status_code == 200
    assert changed.json()["status"] == "suspended"
    assert changed.json()["schedule"]["actual_start"] == "2024-01-10"
    budget = _as(
        client,
        world,
        "bob",
        "PUT",
        "/v1/actions/A2/budgets/2025",
        json={"committed_eur": "1200.50", "spent_eur": 300},
    )
    assert budget.json() == {
        "year": 2025,
        "planned_eur": 0.0,
        "committed_eur": 1200.5,
        "spent_eur": 300.0,
    }
    other = _as(client, world, "bob", "PATCH", "/v1/actions/A1", json={"status": "cancelled"})
    assert other.status_code == 403
    assert other.json()["detail"] == "action A1 is piloted by someone else"
    viewer = _as(client, world, "viewer", "PATCH", "/v1/actions/A1", json={"status": "cancelled"})
    assert viewer.status_code == 403
    assert _as(client, world, "viewer", "GET", "/v1/actions/A1").json()["status"] == "done"


def test_pilot_changes_the_scope_of_their_action(client: httpx.Client, world: World) -> None:
    """Bob adds a control district to A2 and removes it; an unknown code names body.code."""
    added = _as(
        client,
        world,
        "bob",
        "POST",
        "/v1/actions/A2/scope",
        json={"role": "control", "kind": "district", "code": "testville-D0"},
    )
    assert added.status_code == 201
    unknown = _as(
        client,
        world,
        "bob",
        "POST",
        "/v1/actions/A2/scope",
        json={"kind": "cabinet", "code": "nowhere"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.code"
    removed = _as(client, world, "bob", "DELETE", f"/v1/actions/A2/scope/{added.json()['id']}")
    assert removed.status_code == 204


def test_manual_values_never_replace_computed_ones(client: httpx.Client, world: World) -> None:
    """Ada enters a count on her indicator; a computed month stays (409); Bob may not enter."""
    path = "/v1/indicators/A1-DONE/values/month/2024-05-01"
    entered = _as(client, world, "ada", "PUT", path, json={"value": 120})
    assert entered.status_code == 200
    assert entered.json()["source"] == "manual"
    assert entered.json()["entered_by"] == world.people["ada"]
    computed = _as(
        client,
        world,
        "ada",
        "PUT",
        "/v1/indicators/A1-ENERGY/values/month/2024-05-01",
        json={"value": 1},
    )
    assert computed.status_code == 409
    assert _as(client, world, "bob", "PUT", path, json={"value": 1}).status_code == 403


def test_analyses_are_written_by_pilots_and_evaluators(client: httpx.Client, world: World) -> None:
    """Ada writes on her action, not on the mission; Lea (evaluator) edits only her own."""
    mine = _as(
        client,
        world,
        "ada",
        "POST",
        "/v1/analyses",
        json={
            "kind": "recommendation",
            "written_on": "2025-01-15",
            "action_code": "A1",
            "body": "Dim to 50 % after midnight.",
            "window_start": "2024-10-01",
            "window_end": "2024-12-31",
        },
    )
    assert mine.status_code == 201
    assert mine.json()["author"]["name"] == "Ada Pilot"
    on_mission = _as(
        client,
        world,
        "ada",
        "POST",
        "/v1/analyses",
        json={"kind": "analysis", "written_on": "2025-01-15", "mission_code": "03", "body": "x"},
    )
    assert on_mission.status_code == 403
    edited = _as(
        client,
        world,
        "evaluator",
        "PATCH",
        f"/v1/analyses/{mine.json()['id']}",
        json={"body": "changed"},
    )
    assert edited.status_code == 403
    backwards = _as(
        client,
        world,
        "ada",
        "PATCH",
        f"/v1/analyses/{mine.json()['id']}",
        json={"window_end": "2024-01-01"},
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "body.window_end"
    later = {"kind": "analysis", "written_on": "2025-02-01", "action_code": "A1", "body": "Later."}
    assert _as(client, world, "ada", "POST", "/v1/analyses", json=later).status_code == 201
    listed = _as(client, world, "viewer", "GET", "/v1/analyses?action=A1").json()["items"]
    assert [a["body"] for a in listed] == ["Later.", "Dim to 50 % after midnight."]
    assert _as(client, world, "viewer", "GET", "/v1/actions/A1").json()["analyses"] == listed


def test_evaluator_exports_values_and_effects_with_stable_columns(
    client: httpx.Client, world: World
) -> None:
    """CSV and JSON exports carry exactly the documented columns, method and warnings."""
    for name in ("indicator-values", "effects"):
        response = _as(client, world, "evaluator", "GET", f"/v1/exports/{name}?format=csv")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(rows[0]) == documented_columns(name)
        assert len(rows) > 1
        as_json = _as(client, world, "evaluator", "GET", f"/v1/exports/{name}?format=json").json()
        assert tuple(as_json[0]) == documented_columns(name)
    effects = _as(client, world, "evaluator", "GET", "/v1/exports/effects?format=json").json()
    assert effects[0]["method"] == "degree_day_regression"
    assert effects[0]["warnings"] == "control group smaller than scope"


def test_documented_columns_are_the_served_ones() -> None:
    """docs/exports.md lists exactly the columns the exports write."""
    assert documented_columns("indicator-values") == INDICATOR_VALUE_COLUMNS
    assert documented_columns("effects") == EFFECT_COLUMNS


def test_pilot_may_not_export(client: httpx.Client, world: World) -> None:
    """Exports are for evaluators and admins."""
    assert _as(client, world, "ada", "GET", "/v1/exports/effects").status_code == 403
