"""Scopes that say what a city means, through HTTP: each kind names the right light points."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, settings_for
from policy_helpers import LATE_POINT, lay_out_streets, scope_points

Conn = psycopg.Connection[tuple[object, ...]]
D0 = {f"testville-P00{i:03d}" for i in range(5)}
# A U around district 0's points 0 and 2 (at -0.550 and -0.548), open between them at the top,
# with a hole around point 2: only point 0 is inside.
U_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [
            [-0.5505, 47.4690],
            [-0.5475, 47.4690],
            [-0.5475, 47.4710],
            [-0.5485, 47.4710],
            [-0.5485, 47.4695],
            [-0.5495, 47.4695],
            [-0.5495, 47.4710],
            [-0.5505, 47.4710],
            [-0.5505, 47.4690],
        ],
        [[-0.5482, 47.4698], [-0.5478, 47.4698], [-0.5478, 47.4702], [-0.5482, 47.4702],
         [-0.5482, 47.4698]],
    ],
}  # fmt: skip


@pytest.fixture
def world(db: Conn) -> World:
    """The API world, its light points on streets, and A1's scope emptied."""
    made = make_world(db)
    lay_out_streets(db)
    db.execute("DELETE FROM action_scopes")
    return made


@pytest.fixture
def client(world: World, db_url: str) -> Iterator[httpx.Client]:
    """A client of the API serving the test's world."""
    with api_client(settings_for(db_url)) as running:
        yield running


def _add(client: httpx.Client, world: World, scope: Mapping[str, object]) -> httpx.Response:
    return client.post("/v1/actions/A1/scope", json=scope, headers=bearer(world.tokens["ada"]))


def test_a_district_names_its_points_now_and_later(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """A district scope takes every point of the district, including one added later."""
    added = _add(client, world, {"kind": "district", "code": "testville-D0"})
    assert added.status_code == 201
    assert scope_points(db, "A1") == D0 | {LATE_POINT}


def test_a_district_as_of_a_date_leaves_later_points_out(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """The points of D0 that existed on 2024-01-01: the point added in June does not enter."""
    scope = {"kind": "district", "code": "testville-D0", "existed_on": "2024-01-01"}
    added = _add(client, world, scope)
    assert added.json() == {
        "id": added.json()["id"],
        "role": "treated",
        "kind": "district",
        "code": "testville-D0",
        "street": None,
        "existed_on": "2024-01-01",
        "area": None,
    }
    assert scope_points(db, "A1") == D0


def test_a_street_names_its_points_whatever_the_spelling(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """A street of a district, compared without case or repeated spaces; optionally as of a date."""
    added = _add(
        client, world, {"kind": "street", "code": "testville-D0", "street": "RUE des lilas"}
    )
    assert added.status_code == 201
    lilas = {"testville-P00000", "testville-P00001", "testville-P00002"}
    assert scope_points(db, "A1") == lilas | {LATE_POINT}
    client.delete(f"/v1/actions/A1/scope/{added.json()['id']}", headers=bearer(world.tokens["ada"]))
    dated = {
        "kind": "street",
        "code": "testville-D0",
        "street": "Rue des Lilas",
        "existed_on": "2024-01-01",
    }
    assert _add(client, world, dated).status_code == 201
    assert scope_points(db, "A1") == lilas
    nowhere = _add(client, world, {"kind": "street", "code": "testville-D0", "street": "Rue Haute"})
    assert nowhere.status_code == 422
    assert nowhere.json()["errors"] == [
        {
            "field": "body.street",
            "reason": "no light point of district testville-D0 is on 'Rue Haute'",
        }
    ]


def test_a_list_of_points_is_added_at_once_or_not_at_all(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """Twenty points in one request; one unknown code refuses the list, naming its place."""
    path, token = "/v1/actions/A1/scope/light-points", bearer(world.tokens["ada"])
    codes = ["testville-P00000", "testville-P00001", "nowhere-1", "testville-P10000", "nowhere-2"]
    refused = client.post(path, json={"codes": codes}, headers=token)
    assert [e["field"] for e in refused.json()["errors"]] == ["body.codes.2", "body.codes.4"]
    assert scope_points(db, "A1") == set()
    good = [c for c in codes if not c.startswith("nowhere")]
    added = client.post(path, json={"codes": [*good, good[0]]}, headers=token)
    assert added.status_code == 201
    assert [(s["kind"], s["code"]) for s in added.json()] == [("light_point", c) for c in good]
    assert scope_points(db, "A1") == set(good)


def test_a_drawn_area_names_the_points_inside_it(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """A concave area with a hole: only the point inside the outline and outside the hole."""
    scope = {"kind": "area", "area": "u-shape", "geometry": U_SHAPE}
    added = _add(client, world, scope)
    assert added.status_code == 201, added.text
    assert (added.json()["kind"], added.json()["area"]) == ("area", "u-shape")
    assert scope_points(db, "A1") == {"testville-P00000"}
    areas = client.get("/v1/areas", headers=bearer(world.tokens["viewer"])).json()
    assert areas == [{"name": "u-shape", "geometry": U_SHAPE}]
    redraw = {"geometry": {**U_SHAPE, "coordinates": U_SHAPE["coordinates"][:1]}}
    assert (
        client.put(
            "/v1/areas/u-shape", json=redraw, headers=bearer(world.tokens["ada"])
        ).status_code
        == 403
    )
    redrawn = client.put("/v1/areas/u-shape", json=redraw, headers=bearer(world.tokens["admin"]))
    assert redrawn.status_code == 200
    assert scope_points(db, "A1") == {"testville-P00000", "testville-P00002"}


def test_an_area_is_named_once(client: httpx.Client, world: World) -> None:
    """An unknown area without outline, and an existing name with another outline: 422s."""
    unknown = _add(client, world, {"kind": "area", "area": "nowhere"})
    assert unknown.json()["errors"][0]["field"] == "body.area"
    _add(client, world, {"kind": "area", "area": "u-shape", "geometry": U_SHAPE})
    other = {**U_SHAPE, "coordinates": U_SHAPE["coordinates"][:1]}
    clash = client.post(
        "/v1/actions/A2/scope",
        json={"kind": "area", "area": "u-shape", "geometry": other},
        headers=bearer(world.tokens["admin"]),
    )
    assert clash.json()["errors"][0]["field"] == "body.geometry"
    shapeless = {
        "kind": "area",
        "area": "x",
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},
    }
    assert _add(client, world, shapeless).json()["errors"][0]["field"].startswith("body.geometry")


def test_a_scope_names_known_assets_of_the_kind_it_says(client: httpx.Client, world: World) -> None:
    """An unknown district names body.code; a field the kind does not use names itself."""
    unknown = _add(client, world, {"kind": "district", "code": "nowhere"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "body.code", "reason": "no district nowhere in this territory"}
    ]
    street = _add(
        client, world, {"kind": "cabinet", "code": "testville-C00", "street": "Rue Haute"}
    )
    assert [e["field"] for e in street.json()["errors"]] == ["body.street"]
    missing = _add(client, world, {"kind": "street", "code": "testville-D0"})
    assert [e["field"] for e in missing.json()["errors"]] == ["body.street"]


def test_a_control_group_never_overlaps_the_scope(
    client: httpx.Client, world: World, db: Conn
) -> None:
    """A control street inside the treated district is refused and not kept; D1 is accepted."""
    _add(client, world, {"kind": "district", "code": "testville-D0"})
    overlap = {"role": "control", "kind": "street", "code": "testville-D0", "street": "Avenue Foch"}
    refused = _add(client, world, overlap)
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "body.code"
    assert "overlaps the action's scope" in error["reason"]
    assert "testville-P00003" in error["reason"]
    assert scope_points(db, "A1", "control") == set()
    control = {"role": "control", "kind": "district", "code": "testville-D1"}
    assert _add(client, world, control).status_code == 201
    treated_cabinet = _add(client, world, {"kind": "cabinet", "code": "testville-C10"})
    assert "overlaps the action's control group" in treated_cabinet.json()["errors"][0]["reason"]
    assert _add(client, world, control).status_code == 409


def test_a_viewer_and_another_pilot_may_not_change_a_scope(
    client: httpx.Client, world: World
) -> None:
    """Only the action's pilot or an admin changes its scope."""
    scope = {"kind": "district", "code": "testville-D0"}
    for who in ("viewer", "evaluator", "bob"):
        response = client.post(
            "/v1/actions/A1/scope", json=scope, headers=bearer(world.tokens[who])
        )
        assert response.status_code == 403, who
